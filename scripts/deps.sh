#!/bin/sh
# deps.sh - install the Debian packages banshi builds and tests with.
# As root, missing packages are installed with apt-get; otherwise the one
# apt-get line to run is printed and the script fails.
set -eu

packages="gcc make pkg-config openssl gettext mandoc tmux
libevent-dev libssl-dev libsqlite3-dev libsodium-dev libprotobuf-c-dev
protobuf-c-compiler libncurses-dev libinih-dev libcmocka-dev libfyaml-dev"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "banshi needs these Debian packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q $missing
