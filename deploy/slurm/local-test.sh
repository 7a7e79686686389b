#!/bin/bash
# Starts a single-node Slurm on this machine (Debian slurmctld/slurmd/munge, no systemd),
# runs a 4-shard iadsim Monte Carlo job array and its merge through sbatch, and checks
# with cmp that the merged table equals one local unsharded run.
#
#   deploy/slurm/local-test.sh [IADSIM_BINARY] [RUNS]
#
# Needs root (apt-get and the daemons). Leaves the daemons running; stop them with
#   kill $(cat /run/iadsim-slurm/*.pid)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=$(realpath "${1:-$repo/target/release/iadsim}")
runs=${2:-40}
scenario=$repo/scenarios/single_cruise_missile.yaml
work=${WORK:-/tmp/iadsim-slurm-test}
state=/run/iadsim-slurm

if ! command -v slurmctld >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi

host=$(hostname -s)
mkdir -p "$state" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=iadsim-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MaxArraySize=1001
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged 2>/dev/null || /usr/sbin/munged --force
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 60); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 1
done
sinfo

rm -rf "$work" && mkdir -p "$work" && cd "$work"
export IADSIM=$iadsim SCENARIO=$scenario RUNS=$runs STUDY=$work/study
array=$(sbatch --parsable --export=ALL "$repo/deploy/slurm/mc-array.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" "$repo/deploy/slurm/mc-merge.sbatch")
echo "submitted array job $array (4 shards) and merge job $merge"
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
    sleep 1
done
squeue
sacct -j "$array,$merge" 2>/dev/null || true
cat iadsim-merge-*.out

"$iadsim" mc "$scenario" --runs "$runs" --quiet --threads 2 --out "$work/local"
for f in mc.csv mc.parquet summary.json manifest.json; do
    cmp "$work/study/merged/$f" "$work/local/$f"
    echo "identical: $f"
done
echo "PASS: the Slurm 4-shard array merged equals one local run ($runs replications)"
