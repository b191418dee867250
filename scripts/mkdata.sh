#!/bin/sh
# mkdata.sh DIR [PORT] - make a banshi data directory: a CA and server
# certificate (openssl), banshid.conf and a client banshi.conf.  Starts
# nothing.  Used by make demo and the tests; reuses what DIR already has.
set -eu

dir=${1:?usage: mkdata.sh DIR [PORT]}
port=${2:-7443}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/certs" "$dir/data"
dir=$(cd "$dir" && pwd)
certs=$dir/certs

if [ ! -f "$certs/server.pem" ]; then
	umask 077
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -days 3650 -subj "/CN=banshi demo CA" \
	    -keyout "$certs/ca.key" -out "$certs/ca.pem" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj "/CN=localhost" -keyout "$certs/server.key" \
	    -out "$certs/server.csr" 2>/dev/null
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' \
	    > "$certs/server.ext"
	openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" \
	    -CAkey "$certs/ca.key" -CAcreateserial -days 3650 \
	    -extfile "$certs/server.ext" -out "$certs/server.pem" 2>/dev/null
	rm -f "$certs/server.csr" "$certs/server.ext"
	umask 022
fi

if [ ! -f "$dir/banshid.conf" ]; then
	cat > "$dir/banshid.conf" <<CONF
# banshid.conf made by scripts/mkdata.sh; see banshid.conf(5).
[listen]
address = 127.0.0.1
port = $port
certificate = $certs/server.pem
key = $certs/server.key

[storage]
database = $dir/banshi.db
data_dir = $dir/data

[control]
socket = $dir/control.sock
mode = 0600

[catalog]
dir = $top/etc/catalog
CONF
fi

if [ ! -f "$dir/banshi.conf" ]; then
	cat > "$dir/banshi.conf" <<CONF
# banshi.conf made by scripts/mkdata.sh; see banshi(1).
[server]
host = localhost
port = $port
ca = $certs/ca.pem
CONF
fi
