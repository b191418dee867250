#!/bin/sh
# tui_backoffice_reconnect.sh - the connection drops while the acceptance
# clerk confirms 受理: the box keeps the action and says it is sent once
# the connection is back; it is, under the same idempotency key, and the
# case goes on to 审核 once.
. "$(dirname "$0")/lib.sh"

start_daemon
start_proxy
outdoor_ad_files 30
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
file_outdoor_ad
relogin acceptor
select_row 待受理
keys Enter
wait_for "$serial"
keys Enter
wait_for "已签收"
keys F2
wait_for "下一步：审核（审核岗）"
keys F2
wait_for "确认受理？"
proxy_down
wait_for "未连接"
keys y
wait_for "连接中断：恢复后自动重新提交"
expect "正在提交……"
proxy_up
wait_for "已受理；办件已转到审核（审核岗）" 20
wait_for "没有待办的办件"
# One acceptance: sent once, when the connection was back.
[ "$(grep -c 'body=60 mutating=1' "$tmp/banshi.log")" -eq 1 ] ||
    fail "the acceptance was sent more than once"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: an action confirmed while disconnected is sent on reconnecting"
