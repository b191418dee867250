#!/bin/sh
# demo.sh - make demo: install what is missing, build, make demo data in
# ./demo (CA, server certificate, org units, one account per post), start
# banshid in the background, open banshi at the login screen in Chinese,
# and stop the daemon when the client quits.  A second run reuses ./demo.
set -eu
cd "$(dirname "$0")/.."

scripts/deps.sh
make
dir=$PWD/demo
scripts/mkdata.sh "$dir" 7443

if [ -S "$dir/control.sock" ] && build/banshictl -s "$dir/control.sock" \
    status >/dev/null 2>&1; then
	echo "a demo banshid is already running; using it"
	pid=""
else
	build/banshid -d -f "$dir/banshid.conf" -P "$dir/port" \
	    2>"$dir/banshid.log" &
	pid=$!
	trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT INT TERM
	i=0
	until [ -S "$dir/control.sock" ] && [ -f "$dir/port" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "banshid did not start; see $dir/banshid.log" >&2
			cat "$dir/banshid.log" >&2
			exit 1
		fi
		sleep 0.1
	done
fi
BANSHICTL=build/banshictl scripts/demo-accounts.sh "$dir"

cat <<MSG
banshid runs on port 7443 with data in $dir.
Demo accounts (password Demo@2026): agent clerk acceptor reviewer approver
issuer prereviewer handler booking supervisor.  F10 quits the client.
MSG
sleep 1
LANG=${LANG:-C.UTF-8}
case "$LANG" in *UTF-8*|*utf8*) ;; *) LANG=C.UTF-8 ;; esac
LANGUAGE=${LANGUAGE:-zh_CN} LANG=$LANG BANSHI_LOCALEDIR=$PWD/build/locale \
    build/banshi -c "$dir/banshi.conf"
