#!/bin/sh
# tui_filing_civic.sh - an agency counter files 流动人口居住证明 for 王秀英:
# search, guide, F6 申报; the ID number and 读取 fill the applicant and the
# form's repeated fields; the rest typed, 所属区域 chosen level by level
# down to 汤陵社区; the materials show the e-licences, a 600 KB PDF goes
# up through the file picker with a progress bar; a missing secondary
# material is refused until the 容缺 commitment is ticked; F2 完成 says
# 提交成功 with a serial number, and 我的申报 lists the case.
. "$(dirname "$0")/lib.sh"

start_daemon
mkdir -p "$tmp/files/扫描件" || fail "mkdir"
make_pdf "$tmp/files/租赁合同.pdf" 600
printf 'not a material\n' >"$tmp/files/readme.txt"
upload_dir "$tmp/files"
start_client
login agent 'Demo@2026'
wait_for "我的工作台"
expect "新的申报、我的草稿和我的申报"

keys /
type_text 流动人口
keys Enter
wait_for "搜索「流动人口」的结果"
select_row 流动人口居住证明
keys Enter
wait_for "办事指南：流动人口居住证明"
expect "F6 申报"
keys F6
wait_for "申请表：流动人口居住证明"
wait_for "已新建草稿，填写过程中自动保存"
for text in 申请人 身份证号码 户籍地 户口性质 现居住地址 所属区域 取件方式 \
    "F6 读取" "F7 申报材料" "* 为必填项"; do
	expect "$text"
done
# The cursor is in the first field, the ID number.
cursor_line | grep -q "身份证号码" || fail "the cursor is not on the ID number"

# 读取: the registry fills the applicant and the form's repeated fields.
type_text 341602196803126144
keys F6
wait_for "已读取：王秀英；从电子证照库关联材料 2 份"
[ "$(screen | grep -c '王秀英')" -ge 2 ] || fail "the name is not in both places"
for text in 1968-03-12 非农业 13905581201 安徽省亳州市谯城区花戏楼街道汤陵社区光明路12号; do
	expect "$text"
done
line_with "\* 性别 +女" >/dev/null

tab_to 现居住地址
type_text 亳州市谯城区花戏楼街道光明路12号
keys Enter
cursor_line | grep -q "居住起始日期" || fail "Enter did not go to the next field"
type_text 2025-06-01
keys Tab
cursor_line | grep -q "所属区域" || fail "Tab did not go to the region"
expect "空格或 F4：逐级选择"

# The region cascade: 亳州市 -> 谯城区 -> 花戏楼街道 -> 汤陵社区.
keys F4
wait_for "选择：所属区域"
expect "请逐级选择到村（社区）"
wait_for "亳州市"
keys Enter
wait_for "谯城区"
select_row 谯城区
keys Enter
wait_for "花戏楼街道"
expect "亳州市 / 谯城区"
select_row 花戏楼街道
keys Enter
wait_for "汤陵社区"
select_row 汤陵社区
keys Enter
wait_gone "选择：所属区域"
wait_for "亳州市 / 谯城区 / 花戏楼街道 / 汤陵社区"
wait_for "草稿已于"

# Express pickup shows its fields and who pays; back to self pickup.
tab_to "方式"
keys Right
wait_for "邮寄费用由市财政承担"
expect "收件人"
keys Left
wait_gone "邮寄费用由市财政承担"

# The materials: the e-licences are there already.
keys F7
wait_for "申报材料：流动人口居住证明"
line_with "居民身份证 .*电子证照" >/dev/null
line_with "户口簿 .*电子证照  HK03126144" >/dev/null
line_with "房屋租赁合同或住房证明 .*必要 .*主 .*未上传" >/dev/null
line_with "就业或就读证明 .*可选 .*次" >/dev/null
expect "申请人：王秀英"

# Upload through the file picker, watching the progress bar.
select_row 房屋租赁合同或住房证明
keys F4
wait_for "选择文件：房屋租赁合同或住房证明"
expect "$tmp/files"
line_with "扫描件/ +目录" >/dev/null
line_with "租赁合同.pdf +[0-9.]+ KB +pdf" >/dev/null
line_with "readme.txt .*类型未知" >/dev/null
select_row 租赁合同.pdf
tmux -L "$sock" send-keys Enter || fail "send-keys Enter"
seen=
i=0
while :; do
	s=$(screen)
	if printf '%s\n' "$s" | grep -qE '\[[#.]+\] +[0-9]+%'; then
		seen=1
	fi
	printf '%s\n' "$s" | grep -q "已完成  租赁合同.pdf" && break
	i=$((i + 1))
	[ "$i" -le 1000 ] || fail "the upload did not complete"
	sleep 0.02
done
[ -n "$seen" ] || fail "no progress bar was seen"
wait_gone "上传材料："
# The rows the box covered are whole again (its edges fell on the halves
# of Chinese characters).
line_with "就业或就读证明 +可选 +次 +jpg, png, pdf +未上传" >/dev/null
line_with "居住证申请表 +必要 +次 .* 未上传" >/dev/null
line_with "房屋租赁合同或住房证明 .*已完成  租赁合同.pdf  [0-9.]+ KB  pdf" >/dev/null
expect "已上传 租赁合同.pdf（房屋租赁合同或住房证明）"

# A required secondary material is missing: refused, then committed.
keys F2
wait_for "缺少必要材料“居住证申请表”：请上传，或勾选申请人的容缺承诺（F7）后补交"
expect "容缺受理：[ ]"
keys F7
wait_for "已勾选容缺承诺：次要材料可以后补"
expect "容缺受理：[x]"
line_with "居住证申请表 .*未上传（已承诺后补）" >/dev/null

# 完成: 提交成功 with the serial number.
keys F2
wait_for "提交成功！"
line=$(line_with "受理流水号")
serial=$(printf '%s\n' "$line" | grep -oE '[0-9]{6}-[0-9]{8}-[0-9]{5}') ||
    fail "no serial number in \"$line\""
line_with "事项名称 +流动人口居住证明" >/dev/null
line_with "申请人 +王秀英" >/dev/null
line_with "状态 +待预审" >/dev/null

# 我的申报 lists it; Enter shows the case.
keys F7
wait_for "我的申报"
wait_for "$serial"
line_with "$serial +流动人口居住证明 +王秀英 +待预审" >/dev/null
keys Enter
wait_for "办件 $serial"
for text in 办件信息 谯城区民政局 待预审 身份证号码 从人口库读取; do
	expect "$text"
done
keys PageDown
wait_for "亳州市 / 谯城区 / 花戏楼街道 / 汤陵社区"
line_with "现居住地址 +亳州市谯城区花戏楼街道光明路12号" >/dev/null
expect "自取"
expect "申请人已承诺补交缺少的次要材料（容缺受理）"
keys End
wait_for "办理过程"
line_with "代办 .*agent .*提交申请" >/dev/null
line_with "房屋租赁合同或住房证明 .*已完成  租赁合同.pdf" >/dev/null
keys F3 F3
wait_for "我的工作台"
keys F10 y
wait_exit
no_sanitizer_reports
echo "PASS: counter filing of a civic item"
