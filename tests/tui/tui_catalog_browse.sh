#!/bin/sh
# tui_catalog_browse.sh - an agency clerk opens the catalogue from home and
# goes 部门服务 -> 市直厅 -> 市城管执法局 -> 大型户外广告设置许可: the item
# list in aligned columns, the whole guide with its materials table, F6
# opening the application form, then the flow chart: 开始, four boxes of one
# width in order top to bottom, 办结; F3 goes back step by step.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
expect "查找事项，查看办事指南和办事流程"
select_row 办事指南
keys Enter
wait_for "查找办事项"
expect "[1 个人办事]"
expect "2 企业办事"
expect "3 部门服务"

# 部门服务: the halls, closed; Enter opens one.
keys 3
wait_for "[+] 市直厅"
expect "[3 部门服务]"
expect_not "市城管执法局"
keys Enter
wait_for "[-] 市直厅"
expect "9 个部门"
select_row 市城管执法局
keys Enter

# The department's items: name, department, kind and promised limit, each
# column starting in one display column on every row.
wait_for "市直厅 / 市城管执法局"
wait_for "大型户外广告设置许可"
for text in 事项名称 部门 类型 承诺时限 城市道路挖掘许可 建筑垃圾处置核准 \
    "承诺 10 个工作日" "列表结束：共 4 项"; do
	expect "$text"
done
dept=
for item in 大型户外广告设置许可 城市道路挖掘许可 建筑垃圾处置核准 \
    临时占用城市道路许可; do
	line=$(line_with "$item")
	d=$(col_of 市城管执法局 "$line")
	k=$(col_of 审批 "$line")
	p=$(col_of 承诺 "$line")
	if [ -z "$dept" ]; then
		dept=$d kind=$k promise=$p
		continue
	fi
	[ "$d" -eq "$dept" ] && [ "$k" -eq "$kind" ] && [ "$p" -eq "$promise" ] ||
	    fail "columns of $item at $d/$k/$p, not $dept/$kind/$promise"
done

select_row 大型户外广告设置许可
keys Enter
wait_for "办事指南：大型户外广告设置许可"
for text in 基本信息 341600-CGJ-XK-001 行政审批 "市直厅 / 市城管执法局" \
    服务对象 法定依据 城市市容和环境卫生管理条例 实施对象 \
    在亳州市城市规划区内设置大型户外广告设施 法定条件 申请人具有合法主体资格; do
	expect "$text"
done
# Filing online is offered, booking is not.
expect "F4 办事流程"
expect "F6 申报"
expect_not "F7 预约"

# The materials table: its header in one row, between table bars.
keys PageDown
wait_for "申报材料"
line_with "│ 材料名称 +│ 必要 +│ 主/次 +│ 原件 +│ 复印件 +│ 格式 +│ 电子证照 +│" \
    >/dev/null
expect "户外广告设置申请表"
expect "营业执照"

keys PageDown
wait_for "容缺受理"
expect "允许：次要材料可以容缺受理"
keys End
for text in 办理程序 办理时限 "法定  20 个工作日" "承诺  10 个工作日" \
    收费标准 不收费 联系方式 0558-5522319 办公时间 办理渠道 \
    "在线申办  可以（F6 申报）" "在线预约  否"; do
	expect "$text"
done
expect "共 "
keys Home
wait_for "编码"

# F6 starts an application: the form for an enterprise applicant; F3
# leaves it untouched (no draft is kept) and returns to the guide.
keys F6
wait_for "申请表：大型户外广告设置许可"
wait_for "统一社会信用代码"
expect "企业名称"
expect "法定代表人"
keys F3
wait_for "办事指南：大型户外广告设置许可"

# The flow chart.
keys F4
wait_for "办事流程：大型户外广告设置许可"
expect "共 4 个环节，合计 10 个工作日"
expect "受理岗  1 个工作日"
expect "审核岗  4 个工作日"
expect "审批岗  3 个工作日"
expect "发证岗  2 个工作日"
prev=0
left=
for step in 开始 受理 审核 审批 发证 办结; do
	n=$(screen | grep -n -E -m 1 -- "(│ +| )$step +(│|$)" | cut -d: -f1)
	[ -n "$n" ] || fail "no box or terminal for $step"
	[ "$n" -gt "$prev" ] || fail "$step (line $n) is not below line $prev"
	prev=$n
	case $step in
	开始 | 办结) continue ;;
	esac
	# The box's left edge: the bar before the step name.
	line=$(screen | sed -n "${n}p")
	inner=${line#│}
	before=${inner%%"$step"*}
	c=$(printf '│%s' "${before%"${before##*│}"}" | wc -L)
	[ -n "$left" ] || left=$c
	[ "$c" -eq "$left" ] ||
	    fail "box of $step starts at column $c, not $left"
done
# Every top corner in that column too, and an arrow head into each box.
screen | sed -n '3,$p' | grep -F "┌" | while IFS= read -r line; do
	c=$(printf '%s' "${line%%┌*}" | wc -L)
	[ "$((c + 1))" -eq "$left" ] || { echo "corner at $c"; exit 1; }
done || fail "the boxes' corners are not in one column"
[ "$(screen | grep -c -E '^│ +v +│$')" -ge 5 ] || fail "fewer than 5 arrows"
keys F1
wait_for "帮助：办事流程"
expect "返回办事指南"
keys Escape
wait_gone "帮助："

# F3 back: flow -> guide -> list -> catalogue -> home.
keys F3
wait_for "办事指南：大型户外广告设置许可"
keys F3
wait_for "市直厅 / 市城管执法局"
keys F3
wait_for "查找办事项"
expect "[-] 市直厅"
keys F3
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: catalogue browse, guide and flow chart"
