#!/bin/sh
# tui_login.sh - a clerk logs in and sees the home screen in Chinese: name,
# org, org path and post, with every value starting in one column.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
wait_for "banshi 办事 - 政务服务大厅"
wait_for "已连接 localhost:$port"
expect "用户名"
expect "F1 帮助  F2 登录"
expect "F10 退出"

login clerk 'Demo@2026'
wait_for "我的工作台"
expect "王芳 (clerk)"
for text in 姓名 王芳 单位 市公安局 "市直厅 / 市公安局" 岗位 受理 \
    待办事项 代办申报 办事指南 在线预约 督查 尚未开放 \
    "F5 刷新" "F8 修改密码" "F9 注销"; do
	expect "$text"
done
expect_not "F2 登录"

# Labels of different widths; values in one column, measured in display
# columns (a Chinese character is two).
col=$(value_col 姓名)
for label in 用户名 单位 所属 岗位 待办事项 代办申报 督查; do
	c=$(value_col "$label")
	[ "$c" -eq "$col" ] ||
	    fail "value after $label starts at column $c, not $col"
done

# F5 asks the server again (WhoAmI); F1 lists the keys, Esc closes it.
keys F5
wait_for "已刷新"
keys F1
wait_for "帮助：我的工作台"
expect "F9, Alt-9"
keys Escape
wait_gone "帮助："
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: login and home screen"
