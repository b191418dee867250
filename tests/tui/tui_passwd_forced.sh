#!/bin/sh
# tui_passwd_forced.sh - a one-time password forces a password change
# before anything else: no way back, a weak password is refused with the
# policy text, a mistyped repeat is caught locally, then home; F9 logs out
# and the new password works.
. "$(dirname "$0")/lib.sh"

start_daemon
otp=$("$BUILD/banshictl" -s "$tmp/control.sock" user passwd reviewer) ||
    fail "banshictl user passwd failed"
[ -n "$otp" ] || fail "no one-time password"
start_client
login reviewer "$otp"
wait_for "须先修改密码"
expect "F2 保存"
expect "F9 注销"
expect_not "F3 返回"
expect "当前密码"
expect "再次输入新密码"

# Esc and F3 do not leave the forced change.
keys Escape F3
expect "须先修改密码"

type_text "$otp"
keys Enter
type_text abc
keys Enter
type_text abc
keys Enter
wait_for "新密码不符合密码规则："

# The new password and its repeat were emptied; the cursor is on the new.
type_text 'Better@2026x'
keys Enter
type_text 'Better@2026y'
keys Enter
wait_for "两次输入的新密码不一致"

type_text 'Better@2026x'
keys F2
wait_for "密码已修改"
expect "我的工作台"
expect "张伟"
expect "审核"

keys F9
wait_for "已注销登录"
expect "F2 登录"
login reviewer 'Better@2026x'
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: forced password change"
