#!/bin/sh
# tui_wrong_password.sh - a wrong password shows one Chinese message that
# does not say whether the login exists, and the client stays on the login
# screen with the password emptied.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login clerk 'not-the-password'
wait_for "用户名或密码错误，或账户已被锁定"
expect "F2 登录"
expect_not "我的工作台"
expect_not "****"

# The cursor is back in the password field.  An unknown login gets the
# very same words.
keys BTab C-u
wait_gone "用户名或密码错误"
type_text nobody
keys Tab
type_text 'Demo@2026'
keys Enter
wait_for "用户名或密码错误，或账户已被锁定"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: wrong password"
