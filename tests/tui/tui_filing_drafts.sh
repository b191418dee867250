#!/bin/sh
# tui_filing_drafts.sh - a draft survives the client: an application for
# 流动人口居住证明 is started, 读取 fills 徐丽 and an address is typed; F3
# leaves it.  After a restart, 代办申报 -> 我的草稿 lists it, Enter resumes
# it with the values, and F8 deletes it after asking (n keeps it, y
# deletes it).
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login agent 'Demo@2026'
wait_for "我的工作台"

# An empty list first, from the home screen's 代办申报.
select_row 代办申报
keys Enter
wait_for "新的申报：查找事项"
expect "1  新的申报：查找事项"
expect "2  我的草稿"
expect "3  我的申报"
keys 2
wait_for "没有草稿：在事项的办事指南中按 F6 开始申报"
keys F3
wait_for "我的工作台"

keys /
type_text 居住证明
keys Enter
wait_for "搜索「居住证明」的结果"
select_row 流动人口居住证明
keys Enter
wait_for "办事指南：流动人口居住证明"
keys F6
wait_for "已新建草稿，填写过程中自动保存"
type_text 34160219851017466X
keys F6
wait_for "已读取：徐丽"
tab_to 现居住地址
type_text 谯城区汤陵街道希夷大道8号
keys Tab
wait_for "草稿已于"
expect_not "有尚未保存的修改"
keys F3
wait_for "办事指南：流动人口居住证明"
expect "草稿已保存，可在“我的草稿”中继续办理"
keys F10 y
wait_exit

# The client again, as on another terminal.
rm -f "$tmp/client.exit"
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
select_row 代办申报
keys Enter
wait_for "新的申报：查找事项"
keys Down Enter
wait_for "我的草稿"
wait_for "流动人口居住证明"
line_with "流动人口居住证明 +徐丽 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}" \
    >/dev/null
expect "共 1 份草稿"
expect "Enter 继续办理"
expect "F8 删除"

keys Enter
wait_for "申请表：流动人口居住证明"
wait_for "谯城区汤陵街道希夷大道8号"
line_with "\* 身份证号码 +34160219851017466X" >/dev/null
line_with "\* 姓名 +徐丽" >/dev/null
expect "1985-10-17"
expect "草稿已保存"
keys F3
wait_for "我的草稿"
wait_for "共 1 份草稿"

# Delete: n keeps it, y deletes it.
keys F8
wait_for "删除草稿"
expect "删除“流动人口居住证明”（徐丽）的草稿？"
expect "Y 或 Enter：删除    N 或 Esc：取消"
keys n
wait_gone "删除草稿"
expect "流动人口居住证明"
keys F8
wait_for "删除草稿"
keys y
wait_for "草稿已删除"
wait_for "没有草稿：在事项的办事指南中按 F6 开始申报"
expect_not "F8 删除"
keys F3
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: drafts resume on another client and are deleted"
