#!/bin/sh
# tui_filing_errors.sh - what the server refuses shows beside the field it
# names, in Chinese: an ID number with a wrong check digit (读取) and one
# that is too short (on leaving the field); a number not in the registry;
# a bad phone number; and a submission with a required field left empty
# returns to the form with the cursor on that field.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
keys /
type_text 流动人口
keys Enter
wait_for "搜索「流动人口」的结果"
keys Enter
wait_for "办事指南：流动人口居住证明"
keys F6
wait_for "已新建草稿，填写过程中自动保存"

# 读取 with nothing typed.
keys F6
wait_for "请先输入身份证号码"

# A wrong check digit: the reason under the field and on the message line.
type_text 341602196803126143
keys F6
wait_for "身份证号码：校验码（第 18 位）不正确，请核对号码"
id=$(screen | grep -nE -m 1 "\* 身份证号码 +341602196803126143" | cut -d: -f1)
[ -n "$id" ] || fail "no ID number row"
err=$(screen | grep -nE -m 1 "^│ +校验码（第 18 位）不正确，请核对号码" |
    cut -d: -f1)
[ "$err" = "$((id + 1))" ] ||
    fail "the error is on line $err, not under the field (line $id)"
# The error goes when the field is edited.
keys BSpace
wait_gone "校验码（第 18 位）"

# Too short, found when the field is left and the draft saved.
keys Tab
wait_for "身份证号码应为 18 位，现为 17 位"
line_with "^│ +身份证号码应为 18 位，现为 17 位" >/dev/null

# A valid number the registry does not hold.
keys BTab C-u
type_text 341602199001011234
keys F6
wait_for "人口库中没有这个号码，请手工填写申请人信息"

# The right number reads; the error is gone.
keys C-u
type_text 341602196803126144
keys F6
wait_for "已读取：王秀英"
expect_not "人口库中没有这个号码"
expect_not "身份证号码应为"

# A phone number the server refuses, beside the field.
tab_to "联系电话"
keys C-u
type_text 12345
keys Tab
wait_for "联系电话：电话号码格式不对：手机号为 11 位数字，固定电话如 0558-1234567"
line_with "^│ +电话号码格式不对" >/dev/null
keys BTab C-u
type_text 13905581201
keys Tab
wait_gone "电话号码格式不对"

# Submitting with 现居住地址 empty: back on the form, at that field.
keys F7
wait_for "申报材料：流动人口居住证明"
keys F2
wait_for "现居住地址：必填：请填写"
expect "申请表：流动人口居住证明"
cursor_line | grep -q "现居住地址" ||
    fail "the cursor is not on 现居住地址: $(cursor_line)"
line_with "^│ +必填：请填写" >/dev/null
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: filing errors beside their fields"
