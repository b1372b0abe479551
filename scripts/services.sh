#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, trust, database `test`) and Redis (127.0.0.1:6379)
# run, installing them from Debian's packages on a machine that has none.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# A Chinese font, or the /stats chart draws its labels as empty boxes.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    # Tests connect without a password over loopback, as on the development machines.
    if ! grep -q "weige-tests" "$hba"; then
        as_root sed -i '1i host all all 127.0.0.1/32 trust # weige-tests\nhost all all ::1/128 trust # weige-tests' "$hba"
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" 2>/dev/null | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -c "create database test" >/dev/null
fi

# Redis: the multi-worker tests share it, each under a key prefix of its own. Started as a
# daemon when nothing answers; nothing kept on disk (tests only).
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
        --logfile /tmp/weige-redis.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.2; done
fi
