#!/usr/bin/env bash
# End-to-end test of deploy/slurm/sweep.sbatch on a real single-node Slurm cluster (issue 23).
#
#   sudo bash tests/e2e/slurm.sh        # as root: it installs slurm-wlm and munge when absent and starts the daemons
#
# It publishes the tool (dotnet publish src/Train), writes a small CSV of synthetic reviews, starts munged, slurmctld and
# slurmd on a generated slurm.conf under a temporary folder, submits the sbatch file the README shows for a tiny sweep
# (2 dimensions × 2 seeds × 2 epochs, 2 array tasks), pre-empts array task 0 while its first run trains
# (scancel --signal=TERM, then scontrol requeue), waits for the array, runs sweep-report, and checks that
#   - every planned run finished exactly once, and both array tasks ended COMPLETED with exit code 0;
#   - the pre-empted run saved a checkpoint, resumed from exactly that point, and ends with the same bits (model, checkpoint
#     with the optimizer state, metrics without timings) as an uninterrupted run of the same configuration;
#   - no run folder is half-written (exactly the files of a finished run, no temporaries);
#   - every log line the tool writes names its shard, and sweep-report lists every run.
# On exit it cancels its job and stops exactly the daemons it started, by PID.
# The last line is the result. Exit 0: passed, or skipped because Slurm cannot be installed or started here (the line
# says why; HARDMAX_E2E_REQUIRE_SLURM=1 turns that into a failure). Exit 1: failed. HARDMAX_E2E_KEEP=1 keeps the folder.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sbatch_file="$repo/deploy/slurm/sweep.sbatch"
started=$SECONDS

skip() {
  if [ "${HARDMAX_E2E_REQUIRE_SLURM:-0}" = 1 ]; then
    echo "e2e slurm: FAILED: $* (HARDMAX_E2E_REQUIRE_SLURM=1)"
    exit 1
  fi
  echo "e2e slurm: SKIPPED: $*"
  exit 0
}

work=""
job=""
pids=()
names=()
keep=0

fail() {
  echo "e2e slurm: details in $work (kept)" >&2
  keep=1
  echo "e2e slurm: FAILED after $((SECONDS - started)) s: $*"
  exit 1
}

# Stops what this script started, and nothing else: its job (by id), then its daemons (by PID), newest first.
cleanup() {
  local code=$?
  set +e
  if [ -n "$job" ]; then
    scancel "$job" 2>/dev/null
    for _ in $(seq 1 60); do
      [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[$i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "e2e slurm: ${names[$i]} (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  if [ -n "$work" ] && [ "$keep" = 0 ] && [ "${HARDMAX_E2E_KEEP:-0}" != 1 ]; then
    rm -rf "$work"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------------
# Slurm, munge and jq: installed with apt-get when absent. The daemons need root.
[ "$(uname -s)" = Linux ] || skip "Slurm needs Linux (this is $(uname -s))"
[ "$(id -u)" = 0 ] || skip "the Slurm daemons must run as root here (slurmd starts jobs as their user); run it with sudo"
need_install=0
for tool in munged mungekey slurmctld slurmd sbatch srun scontrol scancel squeue jq; do
  command -v "$tool" >/dev/null 2>&1 || need_install=1
done
if [ "$need_install" = 1 ]; then
  command -v apt-get >/dev/null 2>&1 || skip "slurm-wlm and munge are not installed and there is no apt-get to install them"
  echo "e2e slurm: installing slurm-wlm munge jq with apt-get" >&2
  apt_install() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge jq >/dev/null 2>&1; }
  apt_install || { apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 && apt_install; } \
    || skip "apt-get could not install slurm-wlm munge jq"
fi
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/hardmax-e2e-slurm.XXXXXX")
# munged wants its socket's folder (and the folders above it) searchable by everyone, its key readable by root only.
chmod 755 "$work"
mkdir -p "$work/munge" "$work/munge-key" "$work/slurm/state" "$work/slurm/spool" "$work/logs" "$work/bin" "$work/runs"
chmod 755 "$work/munge"
chmod 700 "$work/munge-key"

# ---------------------------------------------------------------------------------------------------------------------
# The tool, published (as a user would install it); jobs run it through a 'hardmax' on PATH. exec: the signal reaches dotnet.
echo "e2e slurm: dotnet publish src/Train -c Release" >&2
dotnet publish "$repo/src/Train" -c Release -o "$work/tool" --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { tail -20 "$work/publish.log" >&2; fail "dotnet publish src/Train failed"; }
printf '#!/bin/sh\nexec dotnet %q "$@"\n' "$work/tool/hardmax.dll" >"$work/bin/hardmax"
chmod 755 "$work/bin/hardmax"
export PATH="$work/bin:$PATH"

# A small CSV of synthetic reviews (no data set needed): words of either sentiment mixed into made-up filler words, drawn
# with a Park–Miller generator (exact in awk's double arithmetic, so every awk writes the same file).
awk -v n="${HARDMAX_E2E_REVIEWS:-20000}" '
  function rnd() { seed = (16807 * seed) % 2147483647; return seed / 2147483647 }
  function word(i,   w, k) { w = ""; for (k = 0; k < 3; k++) { w = w substr("bcdfghklmnprstvz", i % 16 + 1, 1) substr("aeiou", int(i / 16) % 5 + 1, 1); i = int(i / 80) + 7 * k } return w }
  BEGIN {
    seed = 20231
    split("good great superb moving delightful brilliant charming", pos, " ")
    split("bad awful boring dull tedious clumsy weak", neg, " ")
    print "review,sentiment"
    for (r = 0; r < n; r++) {
      label = rnd() < 0.5; text = ""; len = 40 + int(rnd() * 80)
      for (t = 0; t < len; t++) {
        u = rnd()
        if (u < 0.08) w = label ? pos[1 + int(rnd() * 7)] : neg[1 + int(rnd() * 7)]
        else if (u < 0.11) w = label ? neg[1 + int(rnd() * 7)] : pos[1 + int(rnd() * 7)]
        else w = word(int(rnd() * rnd() * 3000))
        text = text (t ? " " : "") w
      }
      print "\"" text "\"," (label ? "positive" : "negative")
    }
  }' >"$work/reviews.csv"

# ---------------------------------------------------------------------------------------------------------------------
# A single-node cluster: munged, slurmctld and slurmd in the foreground (so $! is the daemon), everything under $work.
start() { # name, command...: starts a daemon in the background and remembers its PID
  local name=$1
  shift
  "$@" >"$work/logs/$name.out" 2>&1 &
  pids+=("$!")
  names+=("$name")
}

free_port() { # a port nothing listens on, from a random start
  local port=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 2)); done
  echo "$port"
}

mungekey --create --keyfile="$work/munge-key/munge.key" >/dev/null 2>&1 \
  || dd if=/dev/urandom of="$work/munge-key/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge-key/munge.key"
start munged munged --foreground --key-file="$work/munge-key/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/logs/munged.log" --seed-file="$work/munge-key/munged.seed"
for _ in $(seq 1 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.2; done
[ -S "$work/munge/munge.socket" ] || skip "munged did not start: $(tail -1 "$work/logs/munged.log" 2>/dev/null)"

host=$(hostname -s)
node=$(slurmd -C | head -1) # NodeName=<host> CPUs=… RealMemory=…: the machine as slurmd sees it
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$slurmd_port" != "$ctld_port" ] || slurmd_port=$((ctld_port + 1))
export SLURM_CONF="$work/slurm/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=hardmax-e2e
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=900
KillWait=15
$node State=UNKNOWN
PartitionName=e2e Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
start slurmctld slurmctld -D -f "$SLURM_CONF"
start slurmd slurmd -D -N "$host" -f "$SLURM_CONF"
for _ in $(seq 1 120); do
  sinfo -h -o '%T' 2>/dev/null | grep -qx idle && break
  sleep 0.5
done
sinfo -h -o '%T' 2>/dev/null | grep -qx idle \
  || skip "the single-node Slurm did not come up within 60 s (logs/slurmctld.log: $(grep -m1 -i error "$work/logs/slurmctld.log" 2>/dev/null || true); logs/slurmd.log: $(grep -m1 -i error "$work/logs/slurmd.log" 2>/dev/null || true))"
echo "e2e slurm: cluster up after $((SECONDS - started)) s: $node, ports $ctld_port/$slurmd_port" >&2

# ---------------------------------------------------------------------------------------------------------------------
# The README's sbatch file, submitted as is; the command line sets the array's size and time and the tiny sweep.
grid="--dim 2,4 --seeds 0-1 --epochs 2"
sweep="$work/runs/e2e"
job=$(cd "$work" && HARDMAX_DATA="$work/reviews.csv" HARDMAX_SWEEP="$sweep" HARDMAX_GRID="$grid" \
  sbatch --parsable --array=0-1 --cpus-per-task=1 --time=00:20:00 --signal=TERM@60 "$sbatch_file") \
  || fail "sbatch refused $sbatch_file"
job=${job%%;*}
log0="$work/logs/hardmax-sweep-0.log"
log1="$work/logs/hardmax-sweep-1.log"
echo "e2e slurm: submitted array job $job" >&2

state() { squeue -h -j "$1" -o %T 2>/dev/null | head -1; }

# A requeued task waits about two minutes before it may start again; release it sooner, but not before slurmd has let go
# of the killed start: a start whose credential dates from the same second as the kill is refused ("credential revoked").
declare -A pending_since=() released=()
release_requeued() {
  local task
  for task in "${job}_0" "${job}_1"; do
    if [ -z "${released[$task]:-}" ] && [ "$(state "$task")" = PENDING ] && grep -q "Restarts=[1-9]" <(scontrol show job "$task" 2>/dev/null); then
      pending_since[$task]=${pending_since[$task]:-$SECONDS}
      if [ $((SECONDS - ${pending_since[$task]})) -ge 5 ]; then
        scontrol update JobId="$task" StartTime=now && released[$task]=1
      fi
    fi
  done
}

wait_for_epoch() { # log, shard, run: waits until the run's first epoch is done (so it is mid-way through epoch 2)
  until grep -qF "shard $2: $3: epoch 1/2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "'$3' did not finish its first epoch within 10 minutes"
    grep -qF "$3: finished" "$1" 2>/dev/null && fail "'$3' finished before it could be pre-empted"
    release_requeued
    sleep 0.1
  done
}
deadline=$((SECONDS + 600))

# Task 0, in its first run: pre-empted as a scheduler does it, SIGTERM then requeue. (The sbatch file also requeues
# itself on exit code 143; whichever requeue comes first wins and the other is refused.)
target0="[0] dim=2/seed-0"
wait_for_epoch "$log0" 0/2 "$target0"
scancel --signal=TERM "${job}_0"
scontrol requeue "${job}_0" 2>/dev/null || echo "e2e slurm: scontrol requeue ${job}_0 refused (the task requeued itself first)" >&2
echo "e2e slurm: pre-empted task ${job}_0 during '$target0' (SIGTERM, scontrol requeue)" >&2

# Task 1, in its second run: only SIGTERM, as the time limit's --signal=TERM@… sends it; the sbatch file must see exit
# code 143 and requeue the task itself.
target1="[3] dim=4/seed-1"
wait_for_epoch "$log1" 1/2 "$target1"
scancel --signal=TERM "${job}_1"
echo "e2e slurm: sent SIGTERM to task ${job}_1 during '$target1' (the sbatch file requeues it)" >&2

while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || fail "the array did not finish within 10 minutes: $(squeue -h -j "$job" -o '%i %T %r' | tr '\n' ';')"
  release_requeued
  sleep 0.5
done

# ---------------------------------------------------------------------------------------------------------------------
# Checks.
for i in 0 1; do
  show=$(scontrol show job "${job}_$i")
  grep -q "JobState=COMPLETED" <<<"$show" || fail "array task $i did not complete: $(grep -oE '(^| )(JobId|JobState|ExitCode)=[^ ]*' <<<"$show" | tr -d '\n')"
  grep -q "ExitCode=0:0" <<<"$show" || fail "array task $i exited non-zero: $(grep -oE '(^| )(JobId|ExitCode)=[^ ]*' <<<"$show" | tr -d '\n')"
  grep -q "Restarts=1" <<<"$show" || fail "array task $i was not restarted exactly once: $(grep -o 'Restarts=[^ ]*' <<<"$show")"
done
grep -q "task 0: Exited with exit code 143" "$log1" || fail "task 1's sweep did not exit with 143 after SIGTERM"

# The tool's lines name their shard; the header says where the shard came from, and that the task ran again.
for i in 0 1; do
  log="$work/logs/hardmax-sweep-$i.log"
  grep -q "^shard $i/2: sweep $sweep: shard $i/2 from SLURM_ARRAY_TASK_ID=$i of SLURM_ARRAY_TASK_COUNT=2, job ${job}_$i\$" "$log" \
    || fail "task $i's log has no header naming SLURM_ARRAY_TASK_ID=$i"
  grep -q "^shard $i/2: sweep $sweep: shard $i/2 from .*, job ${job}_$i, restart 1\$" "$log" || fail "task $i's second start does not say 'restart 1'"
  other=$(grep -E '^(\[[0-9]+\]|sweep )' "$log" | head -1 || true)
  [ -z "$other" ] || fail "task $i's log has a line of the tool without its shard: $other"
done

# Each pre-empted run saved a checkpoint once and resumed from exactly that point.
resumed_at() { # log, shard, run: sets point to "epoch E, batch B" (not in a subshell, so fail ends the script)
  local saved
  saved=$(grep -F "shard $2: $3: interrupted, checkpoint saved at " "$1" || true)
  [ -n "$saved" ] || fail "'$3' was not interrupted (its last lines: $(grep -F "$3" "$1" | tail -3 | tr '\n' ';'))"
  [ "$(wc -l <<<"$saved")" = 1 ] || fail "'$3' was interrupted more than once"
  point=${saved##*saved at }
  grep -qF "shard $2: $3: resumed at $point (" "$1" \
    || fail "'$3' was saved at $point but did not resume from there: $(grep -F "$3: resumed" "$1" || echo 'no resume line')"
}
resumed_at "$log0" 0/2 "$target0"
point0=$point
resumed_at "$log1" 1/2 "$target1"
point1=$point

# Every planned run finished exactly once, over both tasks and the restart, each with epochs 1 and 2 exactly.
plan=$(hardmax sweep --data "$work/reviews.csv" --out "$sweep" $grid --print-plan)
runs=$(grep -cE $'^[0-9]+\t' <<<"$plan")
[ "$runs" = 4 ] || fail "the plan has $runs runs, not 4"
unfinished=$(grep -E $'^[0-9]+\t' <<<"$plan" | grep -v $'\tfinished\t' || true)
[ -z "$unfinished" ] || fail "runs not finished: $unfinished"
while IFS=$'\t' read -r index _ configuration seed _ folder; do
  name="[$index] $configuration/seed-$seed"
  count=$(cat "$log0" "$log1" | grep -cE "^shard [01]/2: $(sed 's/[][\.]/\\&/g' <<<"$name"): finished(;|$)" || true)
  [ "$count" = 1 ] || fail "$name finished $count times"
  epochs=$(jq -c '[.epochs[].epoch]' "$folder/metrics.json")
  [ "$epochs" = "[1,2]" ] || fail "$name's metrics.json has epochs $epochs"
  [ "$(jq -r .finished "$folder/metrics.json")" = true ] || fail "$name's metrics.json does not say finished"
  # Nothing half-written: exactly the files of a finished run, no temporary left behind.
  files=$(cd "$folder" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | tr '\n' ' ')
  [ "$files" = ".lock README.md checkpoint.bin config.json metrics.csv metrics.json model.bin train.log " ] || fail "$name's folder holds: $files"
done < <(grep -E $'^[0-9]+\t' <<<"$plan")
extra=$(cd "$sweep" && find . -mindepth 1 -maxdepth 2 -printf '%P\n' | grep -vE '^dim=[24](/seed-[01])?$' || true)
[ -z "$extra" ] || fail "the sweep folder holds more than the planned runs: $extra"

# Bit-identical to uninterrupted runs: the same sweep again, here, in one process, nothing interrupted.
reference="$work/runs/reference"
hardmax sweep --data "$work/reviews.csv" --out "$reference" $grid --parallel 2 --threads 2 >"$work/logs/reference.log" 2>&1 \
  || fail "the uninterrupted reference sweep failed: $(tail -2 "$work/logs/reference.log")"
arrays() { # the weight arrays of a model or checkpoint file: after the magic, version and JSON header; before the SHA-256
  local header
  header=$(od -An -t u4 -j 12 -N 4 "$1" | tr -d ' ')
  tail -c +$((16 + header + 1)) "$1" | head -c -32 | sha256sum | cut -c1-64
}
results() { # metrics.json without timings, memory and provenance
  jq -S '{settings, finished, selectedEpoch, epochs: [.epochs[] | del(.seconds, .trainReviewsPerSecond)], selected: (.selected | del(.seconds, .trainReviewsPerSecond))}' "$1"
}
for run in dim=2/seed-0 dim=2/seed-1 dim=4/seed-0 dim=4/seed-1; do
  for file in model.bin checkpoint.bin; do
    [ "$(arrays "$sweep/$run/$file")" = "$(arrays "$reference/$run/$file")" ] \
      || fail "$run/$file: weights differ from the uninterrupted run's"
  done
  # metrics.csv: every step and epoch row once, the same values (the seconds column, 9th, left out).
  diff <(cut -d, -f1-8,10- "$sweep/$run/metrics.csv") <(cut -d, -f1-8,10- "$reference/$run/metrics.csv") >/dev/null \
    || fail "$run/metrics.csv differs from the uninterrupted run's: $(diff <(cut -d, -f1-8,10- "$sweep/$run/metrics.csv") <(cut -d, -f1-8,10- "$reference/$run/metrics.csv") | head -4 | tr '\n' ' ')"
  diff <(results "$sweep/$run/metrics.json") <(results "$reference/$run/metrics.json") >/dev/null \
    || fail "$run/metrics.json differs from the uninterrupted run's: $(diff <(results "$sweep/$run/metrics.json") <(results "$reference/$run/metrics.json") | head -5 | tr '\n' ' ')"
done

# The report lists every run.
hardmax sweep-report "$sweep" --json >"$work/report.json" 2>"$work/logs/report.err" || fail "sweep-report failed: $(cat "$work/logs/report.err")"
[ "$(jq '.runs | length' "$work/report.json")" = 4 ] || fail "sweep-report lists $(jq '.runs | length' "$work/report.json") runs, not 4"
[ "$(jq '.unfinished | length' "$work/report.json")" = 0 ] || fail "sweep-report lists unfinished runs: $(jq -c .unfinished "$work/report.json")"
hardmax sweep-report "$sweep" >"$work/report.md" || fail "sweep-report (Markdown) failed"
for configuration in dim=2 dim=4; do
  grep -qE "^\| \**$configuration\**  *\| " "$work/report.md" || fail "the report has no row for $configuration"
done

echo "e2e slurm: passed in $((SECONDS - started)) s: 4 runs on 2 array tasks of job $job, each finished once; '$target0' pre-empted (SIGTERM + requeue) at $point0 and '$target1' sent SIGTERM (exit 143, the sbatch file requeued it) at $point1, both resumed there and every run ended bit-identical to an uninterrupted one; sweep-report lists 4 runs"
