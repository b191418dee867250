# lib.sh - shared helpers for the TUI tests: a banshid on demo data in a
# temporary directory, and the real banshi under a private tmux server at
# 100x30.  Sourced by tests/tui/tui_*.sh, which run from the repository
# root with BUILD set (build or build/san).  POSIX sh.

set -u

BUILD=${BUILD:-build}
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/banshi-tui.XXXXXX")
sock=banshi-test-$$
daemon_pid=
proxy_pid=
port=
client_port=

# The wide characters must reach tmux and capture-pane as UTF-8.
LC_ALL=C.UTF-8
export LC_ALL
TERM=${TERM:-xterm}
[ "$TERM" = dumb ] && TERM=xterm
export TERM

cleanup() {
	tmux -L "$sock" kill-server >/dev/null 2>&1
	[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
	if [ -n "$daemon_pid" ]; then
		kill "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

# screen: what the terminal shows now.
screen() {
	tmux -L "$sock" capture-pane -p 2>/dev/null
}

# fail MESSAGE: say why, show the screen and the logs, and stop.  On
# standard error, so that a caller's redirection does not hide it.
fail() {
	{
		echo "FAIL: $*"
		echo "--- screen:"
		screen
		for f in "$tmp"/banshi.log "$tmp"/banshid.log "$tmp"/asan.*; do
			[ -f "$f" ] || continue
			echo "--- $(basename "$f") (last lines):"
			tail -n 20 "$f"
		done
	} >&2
	exit 1
}

# start_daemon: demo data, banshid on a free port, the demo accounts.
start_daemon() {
	scripts/mkdata.sh "$tmp" >/dev/null || fail "mkdata.sh failed"
	"$BUILD/banshid" -d -f "$tmp/banshid.conf" -p 0 -P "$tmp/port" \
	    >"$tmp/banshid.log" 2>&1 &
	daemon_pid=$!
	i=0
	while [ ! -s "$tmp/port" ]; do
		kill -0 "$daemon_pid" 2>/dev/null || fail "banshid exited"
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "banshid wrote no port file in 10 s"
		sleep 0.1
	done
	port=$(cat "$tmp/port")
	BANSHICTL=$BUILD/banshictl scripts/demo-accounts.sh "$tmp" \
	    >"$tmp/accounts.log" 2>&1 || fail "demo-accounts.sh failed"
	kill -0 "$daemon_pid" 2>/dev/null || fail "banshid exited"
}

# stop_daemon [SIGNAL]: stop banshid (default TERM) and wait for it.
stop_daemon() {
	kill "-${1:-TERM}" "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	daemon_pid=
}

# restart_daemon: banshid again on the same port and data.
restart_daemon() {
	rm -f "$tmp/port"
	"$BUILD/banshid" -d -f "$tmp/banshid.conf" -p "$port" \
	    -P "$tmp/port" >>"$tmp/banshid.log" 2>&1 &
	daemon_pid=$!
	i=0
	while [ ! -s "$tmp/port" ]; do
		kill -0 "$daemon_pid" 2>/dev/null || fail "banshid exited"
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "banshid wrote no port file in 10 s"
		sleep 0.1
	done
}

# start_proxy [RATE]: a relay in front of banshid (proxy.pl), relaying at
# most RATE bytes a second when given; the client then connects through it.
# proxy_down cuts every connection and refuses new ones; proxy_up lets them
# through again.
start_proxy() {
	perl tests/tui/proxy.pl "$tmp/proxy.port" "$port" ${1:-} \
	    >"$tmp/proxy.log" 2>&1 &
	proxy_pid=$!
	i=0
	while [ ! -s "$tmp/proxy.port" ]; do
		kill -0 "$proxy_pid" 2>/dev/null || fail "proxy.pl exited"
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "proxy.pl wrote no port file"
		sleep 0.1
	done
	client_port=$(cat "$tmp/proxy.port")
}

proxy_down() {
	kill -USR1 "$proxy_pid" || fail "proxy.pl is gone"
}

proxy_up() {
	kill -USR2 "$proxy_pid" || fail "proxy.pl is gone"
}

# start_client: banshi in Chinese under tmux.  Sanitizer reports go to
# $tmp/asan.* (banshi's standard error is its log, not the terminal); the
# exit status goes to $tmp/client.exit when banshi ends.
start_client() {
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
	    "env LANG=C.UTF-8 LC_ALL= LANGUAGE=zh_CN \
	    BANSHI_LOCALEDIR='$top/$BUILD/locale' \
	    ASAN_OPTIONS=log_path='$tmp/asan' \
	    UBSAN_OPTIONS=log_path='$tmp/asan':print_stacktrace=1 \
	    '$top/$BUILD/banshi' -c '$tmp/banshi.conf' \
	    -p '${client_port:-$port}' \
	    -v '$tmp/banshi.log'; echo \$? >'$tmp/client.exit'" ||
	    fail "tmux new-session failed"
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows (default 10 s).
wait_for() {
	i=0
	n=$((${2:-10} * 10))
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -le "$n" ] || fail "\"$1\" did not appear"
		sleep 0.1
	done
}

# wait_gone TEXT: poll until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "\"$1\" did not go away"
		sleep 0.1
	done
}

# expect TEXT / expect_not TEXT: the screen shows TEXT now, or does not.
expect() {
	screen | grep -qF -- "$1" || fail "\"$1\" is not on the screen"
}

expect_not() {
	! screen | grep -qF -- "$1" || fail "\"$1\" is on the screen"
}

# keys KEY...: tmux key names (Enter, Tab, F10, M-0, ...), one at a time
# with a pause, so Esc is never read as the start of an Alt key.
keys() {
	for k in "$@"; do
		tmux -L "$sock" send-keys "$k" || fail "send-keys $k"
		sleep 0.2
	done
}

# type_text TEXT: type literally (any language).
type_text() {
	tmux -L "$sock" send-keys -l -- "$1" || fail "send-keys -l $1"
	sleep 0.2
}

# login LOGIN PASSWORD: fill the login screen and press Enter.
login() {
	wait_for "已连接"
	type_text "$1"
	keys Tab
	type_text "$2"
	keys Enter
}

# value_col LABEL: the display column where the value after LABEL starts
# on the first screen line holding LABEL.
value_col() {
	line=$(screen | grep -F -- "$1" | head -n 1)
	[ -n "$line" ] || fail "no line with \"$1\""
	rest=${line#*"$1"}
	value=${rest#"${rest%%[! ]*}"}
	printf '%s' "${line%"$value"}" | wc -L
}

# wait_exit: banshi ended by itself within 10 s, with status 0.
wait_exit() {
	i=0
	while [ ! -s "$tmp/client.exit" ]; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "banshi did not exit"
		sleep 0.1
	done
	[ "$(cat "$tmp/client.exit")" = 0 ] ||
	    fail "banshi exited with status $(cat "$tmp/client.exit")"
}

# no_sanitizer_reports: ASan/UBSan found nothing in banshi.
no_sanitizer_reports() {
	for f in "$tmp"/asan.*; do
		[ -f "$f" ] || continue
		cat "$f"
		fail "sanitizer report from banshi"
	done
}

# selected TEXT: the selected list row (marked ">") shows TEXT, after an
# optional "[+] " or "[-] " (a hall in the catalogue).
selected() {
	screen | sed 's/\[[+-]\] //' | grep -q -- ">[[:space:]]*$1"
}

# select_row TEXT [MAX]: press Down until the selected row shows TEXT
# (at most MAX times, default 30).
select_row() {
	i=0
	while ! selected "$1"; do
		i=$((i + 1))
		[ "$i" -le "${2:-30}" ] || fail "no row \"$1\" to select"
		keys Down
	done
}

# line_with PATTERN: the first screen line matching the extended regular
# expression PATTERN.
line_with() {
	screen | grep -E -m 1 -- "$1" || fail "no line matches \"$1\""
}

# col_of TEXT LINE: the display column where TEXT starts in LINE (a
# Chinese character is two columns).
col_of() {
	case $2 in
	*"$1"*) ;;
	*) fail "\"$1\" is not in \"$2\"" ;;
	esac
	printf '%s' "${2%%"$1"*}" | wc -L
}

# cursor_line: the screen line the terminal's cursor is on (the active
# field of a form).
cursor_line() {
	y=$(tmux -L "$sock" display-message -p '#{cursor_y}') ||
	    fail "no cursor position"
	screen | sed -n "$((y + 1))p"
}

# tab_to LABEL [MAX]: press Tab until the cursor is on the line showing
# LABEL (at most MAX times, default 40).
tab_to() {
	i=0
	while ! cursor_line | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -le "${2:-40}" ] || fail "no field \"$1\" to tab to"
		keys Tab
	done
}

# make_pdf FILE KB: a PDF of about KB kilobytes (text padding inside).
make_pdf() {
	{
		printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'
		head -c "$(($2 * 768))" /dev/urandom | base64 | sed 's/^/% /'
		printf '%%%%EOF\n'
	} >"$1" || fail "cannot write $1"
}

# upload_dir DIR: the client's file picker starts in DIR.
upload_dir() {
	printf '\n[ui]\nupload_dir = %s\n' "$1" >>"$tmp/banshi.conf"
}

# start_window N: a second (third ...) banshi, in tmux window N of the
# same server, like start_client; its exit status goes to $tmp/client.N.
# use_window N points screen, keys and the others at window N (the first
# client is window 0).
start_window() {
	tmux -L "$sock" new-window -d -t ":$1" \
	    "env LANG=C.UTF-8 LC_ALL= LANGUAGE=zh_CN \
	    BANSHI_LOCALEDIR='$top/$BUILD/locale' \
	    ASAN_OPTIONS=log_path='$tmp/asan' \
	    UBSAN_OPTIONS=log_path='$tmp/asan':print_stacktrace=1 \
	    '$top/$BUILD/banshi' -c '$tmp/banshi.conf' \
	    -p '${client_port:-$port}' \
	    -v '$tmp/banshi.$1.log'; echo \$? >'$tmp/client.$1'" ||
	    fail "tmux new-window failed"
}

use_window() {
	tmux -L "$sock" select-window -t ":$1" || fail "no window $1"
}

# outdoor_ad_files KB: the three PDFs file_outdoor_ad uploads (the
# application form KB kilobytes), in $tmp/files, where the picker starts.
outdoor_ad_files() {
	mkdir -p "$tmp/files" || fail "mkdir $tmp/files"
	make_pdf "$tmp/files/申请表.pdf" "$1"
	make_pdf "$tmp/files/租赁合同.pdf" 40
	make_pdf "$tmp/files/效果图.pdf" 40
	upload_dir "$tmp/files"
}

# file_outdoor_ad: on the home screen of the agent, file 大型户外广告设置许可
# (SZT-CGJ) for 亳州市华佗广告传媒有限公司, self pickup, three materials
# uploaded, the missing secondary ones committed (容缺); back home after,
# with the case's serial number in $serial.
file_outdoor_ad() {
	keys /
	type_text 户外广告
	keys Enter
	wait_for "搜索「户外广告」的结果"
	select_row 大型户外广告设置许可
	keys Enter
	wait_for "办事指南：大型户外广告设置许可"
	keys F6
	wait_for "已新建草稿"
	type_text 91341602WLNNJ90UN5
	keys F6
	wait_for "已读取"
	tab_to 联系人
	type_text 张明
	tab_to 广告类型
	keys Right
	tab_to 广告内容
	type_text 华佗广告灯箱
	keys Tab
	type_text 20
	keys Tab
	type_text 2
	keys Tab
	type_text 2026-12-01
	keys Tab
	type_text 2027-11-30
	keys Tab
	type_text 亳州市谯城区魏武大道666号
	keys Tab F4
	wait_for "亳州市"
	keys Enter
	wait_for "谯城区"
	select_row 谯城区
	keys Enter
	wait_for "花戏楼街道"
	select_row 花戏楼街道
	keys Enter
	wait_for "汤陵社区"
	select_row 汤陵社区
	keys Enter
	wait_gone "选择：所属区域"
	keys F7
	wait_for "申报材料：大型户外广告设置许可"
	for m in 户外广告设置申请表:申请表.pdf 场地使用权证明或租赁合同:租赁合同.pdf \
	    广告设计效果图及设置位置图:效果图.pdf; do
		select_row "${m%%:*}"
		keys F4
		wait_for "选择文件：${m%%:*}"
		select_row "${m#*:}"
		keys Enter
		wait_for "已完成  ${m#*:}" 20
		wait_gone "上传材料："
	done
	keys F7
	wait_for "已勾选容缺承诺"
	keys F2
	wait_for "提交成功！"
	serial=$(line_with "受理流水号" |
	    grep -oE '[0-9]{6}-[0-9]{8}-[0-9]{5}') || fail "no serial number"
	keys Enter
	wait_for "我的工作台"
}

# relogin LOGIN: from the home screen, log out and in again as LOGIN.
relogin() {
	keys F9
	wait_for "已连接"
	login "$1" 'Demo@2026'
	wait_for "我的工作台"
}
