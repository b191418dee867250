#!/bin/sh
# tui_catalog_tabs.sh - the catalogue's tabs: 个人办事 with 生命树 /
# 特定对象 / 主题分类, a 生命树 category lists its items; 企业办事 with
# 主题分类 / 经营活动 / 特定对象; the sub-tab keys exist only where there
# are sub-tabs; the screen follows a resize.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
select_row 办事指南
keys Enter
wait_for "查找办事项"
expect "[1 个人办事]"
expect "[生命树]"
expect "特定对象"
expect "主题分类"

# A life event: its items, each with department, kind and limit.
wait_for "工作"
line=$(line_with "工作 +[0-9]+ 项")
select_row 工作
keys Enter
wait_for "个人办事 / 生命树 / 工作"
wait_for "临时占用城市道路许可"
expect "市城管执法局"
expect "审批"
expect "个工作日"
n=$(printf '%s\n' "$line" | sed -E 's/.*工作 +([0-9]+) 项.*/\1/')
expect "列表结束：共 $n 项"
keys F3
wait_for "查找办事项"
selected 工作 || fail "the selection moved"

# Tab and Shift-Tab move among the sub-tabs.
keys Tab
wait_for "[特定对象]"
keys Tab
wait_for "[主题分类]"
keys BTab
wait_for "[特定对象]"

# 企业办事 and its three sub-tabs, in the manual's order.
keys 2
wait_for "[2 企业办事]"
line_with "\[主题分类\] +经营活动 +特定对象" >/dev/null
keys Tab
wait_for "[经营活动]"
wait_for "准营"
keys F1
wait_for "帮助：查找办事项"
expect "下一个分类方式"
keys Escape
wait_gone "帮助："

# 部门服务 has no sub-tabs, and no keys for them.
keys Right
wait_for "[3 部门服务]"
expect_not "经营活动"
keys F1
wait_for "帮助：查找办事项"
expect_not "下一个分类方式"
keys Escape
keys Left Left
wait_for "[1 个人办事]"
expect "[特定对象]"

# A smaller terminal: everything laid out again.
tmux -L "$sock" resize-window -x 70 -y 22 || fail "resize-window"
wait_for "[1 个人办事]"
keys 2
wait_for "[2 企业办事]"
[ "$(screen | head -n 1 | wc -L)" -le 70 ] || fail "not redrawn at 70 columns"
tmux -L "$sock" resize-window -x 100 -y 30 || fail "resize-window"
wait_for "[2 企业办事]"
keys F3
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: catalogue tabs"
