#!/bin/sh
# tui_catalog_search.sh - '/' searches the catalogue from home and from the
# catalogue: an empty query and a query without matches are refused with a
# message in the box; 广告 and the single character 户 both find
# 大型户外广告设置许可 and Enter opens its guide; a new search from the
# results refines it and replaces them; results come in pages.
. "$(dirname "$0")/lib.sh"

start_daemon
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
expect "/ 搜索"

keys /
wait_for "搜索事项"
expect "F2 搜索"
keys Enter
wait_for "请输入事项名称中的字词或关键字"
type_text 没有这种事项
keys Enter
wait_for "没有找到相关事项"
keys C-u
type_text 广告
keys Enter
wait_for "搜索「广告」的结果"
expect "大型户外广告设置许可"
expect "市城管执法局"
expect "承诺 10 个工作日"
selected 大型户外广告设置许可 || fail "the first result is not selected"
keys Enter
wait_for "办事指南：大型户外广告设置许可"
expect "法定依据"

# From the guide, back to the results; '/' starts from their text.
keys F3
wait_for "搜索「广告」的结果"
keys /
wait_for "搜索  广告"
keys C-u
type_text 户
keys Enter
wait_for "搜索「户」的结果"
select_row 大型户外广告设置许可
keys Enter
wait_for "办事指南：大型户外广告设置许可"
# The new results replaced the old: two steps back is home.
keys F3
wait_for "搜索「户」的结果"
keys F3
wait_for "我的工作台"

# Pages of 20: a broad search shows all its results by fetching the next
# page with the cursor.
keys /
type_text 证
keys Enter
wait_for "搜索「证」的结果"
wait_for "列表结束：共 24 项"
keys End
selected 食品经营许可 || fail "End does not select the last result"
keys F3

# From the catalogue too; Esc closes the box and leaves the catalogue.
select_row 办事指南
keys Enter
wait_for "查找办事项"
keys /
wait_for "搜索事项"
keys Escape
wait_gone "搜索事项"
expect "查找办事项"
keys /
type_text 驾驶证
keys Enter
wait_for "搜索「驾驶证」的结果"
expect "机动车驾驶证核发"
expect "预约"
keys Enter
wait_for "办事指南：机动车驾驶证核发"
expect "F7 预约"
expect_not "F6 申报"
keys F7
wait_for "本版本 banshi 尚不能在线预约，该功能将在后续版本提供"
keys F4
wait_for "该事项只能预约办理，无网上办理流程"
keys F3 F3 F3
wait_for "查找办事项"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: catalogue search"
