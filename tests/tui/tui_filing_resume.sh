#!/bin/sh
# tui_filing_resume.sh - the connection drops half way through an upload
# (a relay slowed to 256 KB/s, then cut): the box says so, and once the
# connection is back the upload goes on from the bytes the server holds,
# not from the start.  Then F2 完成 pressed twice and the connection cut
# at once: one case, whether the first answer got through or the retry
# with the same idempotency key fetched it.
. "$(dirname "$0")/lib.sh"

start_daemon
start_proxy 262144
mkdir -p "$tmp/files" || fail "mkdir"
make_pdf "$tmp/files/big.pdf" 1600
upload_dir "$tmp/files"
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
type_text 341602196803126144
keys F6
wait_for "已读取：王秀英"
tab_to 现居住地址
type_text 亳州市谯城区花戏楼街道光明路12号
keys Enter
type_text 2025-06-01
keys Tab F4
wait_for "亳州市"
keys Enter
wait_for "谯城区"
keys Enter
wait_for "花戏楼街道"
keys Enter
wait_for "汤陵社区"
keys Enter
wait_for "亳州市 / 谯城区 / 花戏楼街道 / 汤陵社区"

keys F7
wait_for "申报材料：流动人口居住证明"
select_row 房屋租赁合同或住房证明
keys F4
wait_for "选择文件：房屋租赁合同或住房证明"
select_row big.pdf
keys Enter
wait_for "正在上传……" 20
# Cut it somewhere past a fifth.
i=0
while :; do
	pct=$(screen | grep -oE '\] +[0-9]+%' | grep -oE '[0-9]+' | head -n 1)
	[ -n "$pct" ] && [ "$pct" -ge 20 ] && break
	i=$((i + 1))
	[ "$i" -le 300 ] || fail "the upload does not get past 20%"
	sleep 0.1
done
[ "$pct" -lt 100 ] || fail "the upload finished before it could be cut"
proxy_down
wait_for "连接中断：恢复后自动续传"
expect "上传材料：房屋租赁合同或住房证明"
proxy_up
wait_for "连接已恢复" 20
wait_for "已完成  big.pdf" 60
wait_gone "上传材料："
# The second start found the bytes already there.
grep -q "upload: server holds offset=0 of" "$tmp/banshi.log" ||
    fail "no first start at 0"
grep "upload: server holds offset=" "$tmp/banshi.log" | tail -n 1 |
    grep -qE "offset=[1-9][0-9]* of" || fail "the upload did not resume"

# Two presses of F2 and a cut at once: still one case.
keys F7
wait_for "已勾选容缺承诺"
tmux -L "$sock" send-keys F2 F2 || fail "send-keys"
proxy_down
sleep 1
proxy_up
wait_for "提交成功！" 30
serial=$(line_with "受理流水号" | grep -oE '[0-9]{6}-[0-9]{8}-[0-9]{5}') ||
    fail "no serial number"
keys F7
wait_for "$serial"
wait_for "列表结束：共 1 件"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: an upload resumes after a drop; one case for a retried submit"
