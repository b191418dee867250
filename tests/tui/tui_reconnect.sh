#!/bin/sh
# tui_reconnect.sh - the connection drops while banshid lives on: the
# message line counts down to the next attempt, and once the network is
# back the client resumes the session and the clerk stays on the home
# screen, still signed in.
. "$(dirname "$0")/lib.sh"

start_daemon
start_proxy
start_client
login clerk 'Demo@2026'
wait_for "我的工作台"

proxy_down
wait_for "秒后重试"
wait_for "未连接"
expect "我的工作台"

proxy_up
wait_for "连接已恢复" 20
expect "王芳 (clerk)"
expect "我的工作台"
expect_not "F2 登录"

# The resumed session is good for requests.
keys F5
wait_for "已刷新"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: reconnect resumes the session"
