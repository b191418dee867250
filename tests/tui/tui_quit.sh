#!/bin/sh
# tui_quit.sh - F10 asks before quitting: n and Esc stay, Alt-0 is the F10
# alias, and y ends the program with status 0.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
wait_for "已连接"

keys F10
wait_for "确定退出 banshi 吗？"
keys n
wait_gone "确定退出"
expect "F2 登录"

keys M-0
wait_for "确定退出 banshi 吗？"
keys Escape
wait_gone "确定退出"

keys F10
wait_for "确定退出 banshi 吗？"
keys y
wait_exit
no_sanitizer_reports
echo "PASS: quit"
