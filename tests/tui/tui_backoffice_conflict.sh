#!/bin/sh
# tui_backoffice_conflict.sh - two acceptance clerks on one case.  吴敏
# opens it from 待受理 without taking it (F4) and starts the 受理 box; 郑浩
# takes it (签收) and accepts it first.  吴敏's open case follows the push
# at once; her 受理, sent on the version she was shown, is refused: the
# message says someone else dealt with it, and the case shows as it is
# now, at 审核, with nothing left for her to do.
. "$(dirname "$0")/lib.sh"

start_daemon
"$BUILD/banshictl" -s "$tmp/control.sock" user add acceptor2 --name 郑浩 \
    --org SZT-CGJ --post accept >/dev/null || fail "user add acceptor2"
printf 'Demo@2026\n' | "$BUILD/banshictl" -s "$tmp/control.sock" user \
    passwd acceptor2 --stdin >/dev/null || fail "user passwd acceptor2"
outdoor_ad_files 30
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
file_outdoor_ad
relogin acceptor
select_row 待受理
keys Enter
wait_for "$serial"

start_window 1
use_window 1
login acceptor2 'Demo@2026'
wait_for "我的工作台"
select_row 待受理
keys Enter
wait_for "$serial"

# 吴敏 looks without taking it; nobody holds it, so she may act.
use_window 0
keys F4
wait_for "办件 $serial"
wait_for "F2 受理"
expect_not "已签收"
keys F2
wait_for "下一步：审核（审核岗）"

# 郑浩 takes it and accepts it.
use_window 1
keys Enter
wait_for "已签收"
keys F2
wait_for "下一步：审核（审核岗）"
keys F2
wait_for "确认受理？"
keys y
wait_for "已受理；办件已转到审核（审核岗）"

# 吴敏's case followed; her 受理 comes too late.
use_window 0
wait_for "办件已有变化，已重新加载"
expect "下一步：审核（审核岗）"
keys F2
wait_for "确认受理？"
keys y
wait_for "案件已被他人处理，已刷新"
wait_gone "确认受理？"
line_with "环节：审核（审核岗） +状态：办理中" >/dev/null
expect_not "F2 受理"
keys 3
wait_for "[3 办理过程]"
line_with "受理 +│ acceptor2 +│ 受理" >/dev/null
[ "$(screen | grep -c '│ 受理 ')" -eq 1 ] ||
    fail "the case was accepted more than once"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: a stale action gets the conflict and the case as it is"
