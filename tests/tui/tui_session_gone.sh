#!/bin/sh
# tui_session_gone.sh - banshid dies while the client is cut off, so the
# session does not survive: on reconnect the server does not resume it and
# the client goes back to the login screen saying so.
. "$(dirname "$0")/lib.sh"

start_daemon
start_proxy
start_client
login clerk 'Demo@2026'
wait_for "我的工作台"

proxy_down
wait_for "连接已断开，"
stop_daemon KILL
restart_daemon
proxy_up
wait_for "会话已结束，请重新登录" 30
expect "F2 登录"
expect_not "王芳 (clerk)"

# And logging in again works.
login clerk 'Demo@2026'
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: a lost session sends the user to the login screen"
