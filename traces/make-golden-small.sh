#!/usr/bin/env bash
# Regenerates traces/golden-small/ (the golden tests' trace and the decoder its answers come from) from scratch:
# synthetic ratings -> Liang et al.'s protocol -> a short RecVAE training -> the re-embedding trace.
# Run from the repository root:  bash traces/make-golden-small.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
simcache() { dotnet run --project "$root/src/SimCache.Cli" -c Release -- "$@"; }
simcache data synth --users 400 --items 300 --clusters 6 --seed 7 --out "$work/synth"
simcache data prepare --format movielens-csv --input "$work/synth/ratings.csv" --out "$work/data" --heldout 50
simcache train --data "$work/data" --out "$work/run" --epochs 5 --hidden 100 --latent 32 --batch 100 --seed 1 --threads 1
simcache trace --run "$work/run" --data "$work/data" --out "$work/trace.arrow" --min-ratings 10 --warmup 0.5 --every 4 --answers 10 --future 10 --threads 1
mkdir -p "$root/traces/golden-small"
cp "$work/trace.arrow" "$root/traces/golden-small/trace.arrow"
cp "$work/run/decoder.arrow" "$root/traces/golden-small/decoder.arrow"
cp "$work/run/metrics.json" "$root/traces/golden-small/metrics.json"
