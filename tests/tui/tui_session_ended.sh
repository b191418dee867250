#!/bin/sh
# tui_session_ended.sh - an administrator locks the account: the server's
# session_ended push takes the clerk to the login screen with the reason,
# and logging in again is refused with the usual words.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login clerk 'Demo@2026'
wait_for "我的工作台"

"$BUILD/banshictl" -s "$tmp/control.sock" user lock clerk >/dev/null ||
    fail "banshictl user lock failed"
wait_for "会话已结束：账户已被锁定"
expect "F2 登录"
expect_not "我的工作台"

login clerk 'Demo@2026'
wait_for "用户名或密码错误，或账户已被锁定"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: session ended by a lock"
