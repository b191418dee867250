#!/bin/sh
# demo-accounts.sh DIR - add the demo org units and one demo account per
# post to the banshid running on DIR/control.sock.  Every demo account has
# the password Demo@2026.  Safe to run twice: what exists is left alone.
set -eu

dir=${1:?usage: demo-accounts.sh DIR}
ctl="${BANSHICTL:-build/banshictl} -s $dir/control.sock"
password='Demo@2026'

org() {
	$ctl org add "$@" >/dev/null 2>&1 || true
}

user() {
	login=$1
	shift
	if $ctl user add "$login" "$@" >/dev/null 2>&1; then
		printf '%s\n' "$password" | $ctl user passwd "$login" --stdin \
		    >/dev/null
	fi
}

org SZT --name 市直厅 --kind hall
org SZT-GAJ --name 市公安局 --parent SZT --kind department
org SZT-GAJ-CGS --name 车管所 --parent SZT-GAJ --kind section
org SZT-CGJ --name 市城管执法局 --parent SZT --kind department
org SZT-CGJ-SPK --name 审批科 --parent SZT-CGJ --kind section
org SZT-DBD --name 市直厅代办点 --parent SZT --kind section
org SZT-JCS --name 电子监察室 --parent SZT --kind section
org QCQ --name 谯城区 --kind hall
org QCQ-MZJ --name 谯城区民政局 --parent QCQ --kind department
org 341602001001 --name 汤陵社区 --parent QCQ --kind village

user agent --name 李娜 --org SZT-DBD --post agent
user clerk --name 王芳 --org SZT-GAJ --post accept
user acceptor --name 吴敏 --org SZT-CGJ --post accept
user reviewer --name 张伟 --org SZT-CGJ-SPK --post review
user approver --name 刘洋 --org SZT-CGJ --post approve,issue
user issuer --name 黄磊 --org SZT-CGJ --post issue
user prereviewer --name 陈静 --org QCQ-MZJ --post prereview
user handler --name 赵敏 --org 341602001001 --post handle
user booking --name 孙丽 --org SZT-GAJ-CGS --post booking
user supervisor --name 周强 --org SZT-JCS --post supervisor
