#!/bin/sh
# tui_backoffice.sh - one approval case through the back office, as the
# manual's 网上申办件审批 describes it: the agency counter files 大型户外广告
# 设置许可 (self pickup); the acceptance clerk takes it from 待受理, writes
# an opinion on a material and accepts it; the reviewer's 待审核 list,
# open in a second client before the acceptance, shows the case without a
# key pressed (the push), the reviewer reads the opinion, opens the
# material in the viewer (ReadFile) and passes it; the approver approves;
# the issuing clerk takes it from 待发证 while the approver's list shows
# "由 黄磊 办理中" and the approver may only look; the clerk waits for
# pickup (the clock pauses), records the arrival, issues with a
# certificate number and closes.  The approver's open case follows every
# change, and its history shows the steps in order.
. "$(dirname "$0")/lib.sh"

# confirm_action: F2 in the action box, then yes to the question.
confirm_action() {
	keys F2
	wait_for "确认"
	keys y
}

# line_no TEXT: the number of the first screen line showing TEXT.
line_no() {
	screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1
}

# in_order TEXT...: the texts show on the screen, each below the one before.
in_order() {
	last=0
	for t in "$@"; do
		n=$(line_no "$t")
		[ -n "$n" ] || fail "\"$t\" is not on the screen"
		[ "$n" -gt "$last" ] || fail "\"$t\" is not below the one before"
		last=$n
	done
}

start_daemon
outdoor_ad_files 300
# The viewer keeps a copy of what it was given.
printf '#!/bin/sh\ncp "$1" "%s/viewed"\n' "$tmp" >"$tmp/view.sh"
chmod +x "$tmp/view.sh"
printf 'viewer = %s\n' "$tmp/view.sh" >>"$tmp/banshi.conf"

start_client
login agent 'Demo@2026'
wait_for "我的工作台"
expect "需补办"
file_outdoor_ad

# The reviewer's 待审核 list is open, empty, before the acceptance.
start_window 1
use_window 1
login reviewer 'Demo@2026'
wait_for "我的工作台"
line_with "待审核 +0 件" >/dev/null
select_row 待审核
keys Enter
wait_for "待审核"
wait_for "没有待办的办件"

# 受理: the clerk takes the case from 待受理.
use_window 0
relogin acceptor
line_with "待受理 +1 件" >/dev/null
select_row 待受理
keys Enter
wait_for "$serial"
line_with "$serial +大型户外广告设置许可 .*未开始" >/dev/null
keys Enter
wait_for "办件 $serial"
wait_for "已签收"
expect "环节：受理（受理岗）"
for t in "F2 受理" "F4 补办" "F6 不予受理" "F7 特殊操作"; do
	expect "$t"
done
expect_not "F8 意见"
# An opinion on the application form, sent with the acceptance.
keys 2
wait_for "[2 申报材料]"
line_with "户外广告设置申请表 .*已完成  申请表.pdf" >/dev/null
line_with "法定代表人身份证 .*未提交（必要）" >/dev/null
keys F8
wait_for "审核意见：户外广告设置申请表"
type_text 申请表已加盖公章
keys Enter
wait_for "（尚未提交）"
keys F2
wait_for "下一步：审核（审核岗）"
expect "材料齐全，符合受理条件，同意受理。"
keys F2
wait_for "确认受理？"
keys y
wait_for "已受理；办件已转到审核（审核岗）"
wait_for "没有待办的办件"

# The reviewer's list shows it by itself.
use_window 1
wait_for "$serial"
line_with "$serial .*剩 [0-9]+ 天" >/dev/null
keys Enter
wait_for "办件 $serial"
keys 2
wait_for "审核意见：申请表已加盖公章"
# The material in the viewer, read whole through ReadFile.
keys F9
wait_for "已用查看器打开户外广告设置申请表"
cmp -s "$tmp/viewed" "$tmp/files/申请表.pdf" ||
    fail "the viewer did not get the material as uploaded"
[ "$(stat -c %a "$tmp/viewed")" = 600 ] || fail "the copy is not private"
keys F2
wait_for "下一步：审批（审批岗）"
confirm_action
wait_for "审核已通过；办件已转到审批（审批岗）"

# 审批.
use_window 0
keys F3
wait_for "我的工作台"
relogin approver
line_with "待审批 +1 件" >/dev/null
select_row 待审批
keys Enter
wait_for "$serial"
keys Enter
wait_for "办件 $serial"
wait_for "F2 批准"
keys F2
wait_for "下一步：发证（发证岗）"
expect "符合法定条件，准予许可。"
confirm_action
wait_for "已批准；办件已转到发证（发证岗）"
keys F3
wait_for "我的工作台"
line_with "待发证 +1 件" >/dev/null
select_row 待发证
keys Enter
wait_for "$serial"

# 发证: the issuing clerk takes it; the approver's list says who has it.
use_window 1
keys F3
wait_for "我的工作台"
relogin issuer
select_row 待发证
keys Enter
wait_for "$serial"
keys Enter
wait_for "已签收"
wait_for "F2 等待领取"
expect_not "F2 邮寄"
use_window 0
wait_for "由 黄磊 办理中"
keys Enter
wait_for "由 黄磊 办理中：只能查看，不能办理"
expect_not "F2 "

use_window 1
keys F2
wait_for "自取：暂停计时"
confirm_action
wait_for "已通知申请人领取证书，暂停计时"
line_with "环节：发证（发证岗） .*暂停" >/dev/null
keys F2
wait_for "申请人已到"
confirm_action
wait_for "申请人已到，恢复计时"
wait_for "F2 发证"
keys F2
wait_for "证书编号"
keys F2
wait_for "请填写证书编号"
type_text 亳城管户外许字2026第0001号
confirm_action
wait_for "证书已发放"
wait_for "F2 办结"
keys 4
wait_for "[4 办理时限]"
line_with "承诺时限 +10 个工作日" >/dev/null
line_with "法定时限 +20 个工作日" >/dev/null
line_with "受理日期 +[0-9]{4}-[0-9]{2}-[0-9]{2}" >/dev/null
keys F2
wait_for "证书已发放，办件办结。"
confirm_action
wait_for "已办结"
wait_for "没有待办的办件"

# The approver's open case followed; its history is in order.
use_window 0
wait_for "状态：完成"
keys 1
wait_for "亳城管户外许字2026第0001号"
keys 3
wait_for "[3 办理过程]"
in_order 提交申请 材料齐全 经审核 符合法定条件
line_with "受理 +│ acceptor +│ 受理 +│ 材料齐全" >/dev/null
line_with "审核 +│ reviewer +│ 审核通过 +│ 经审核" >/dev/null
line_with "审批 +│ approver +│ 准予许可 +│ 符合法定条件" >/dev/null
keys End
wait_for "证书已发放，办件办结。"
in_order 证照已制作完成 申请人已到现场 证书已发放给申请人 证书已发放，办件办结
line_with "发证 +│ issuer +│ 等待领取" >/dev/null
line_with "发证 +│ issuer +│ 申请人已到" >/dev/null
line_with "发证 +│ issuer +│ 发证 +│ 证书已发放给申请人" >/dev/null
line_with "发证 +│ issuer +│ 办结" >/dev/null
keys F10 y
wait_exit
use_window 1
keys F10 y
i=0
while [ ! -s "$tmp/client.1" ]; do
	i=$((i + 1))
	[ "$i" -le 100 ] || fail "the second banshi did not exit"
	sleep 0.1
done
[ "$(cat "$tmp/client.1")" = 0 ] || fail "the second banshi failed"
no_sanitizer_reports
echo "PASS: a case through acceptance, review, approval and issuing"
