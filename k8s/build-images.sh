#!/usr/bin/env bash
# Builds one image per service from the Dockerfile at the root, with Docker or Podman.
#   bash k8s/build-images.sh [service…]        (default: all six)
# Environment: REGISTRY (default diplomatie), TAG (default: package.json version), ENGINE (docker|podman).
set -euo pipefail
cd "$(dirname "$0")/.."

engine=${ENGINE:-}
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then engine=$candidate; break; fi
  done
fi
if [ -z "$engine" ]; then
  echo "images: no container engine answers (docker or podman): install and start one, or set ENGINE" >&2
  exit 1
fi

registry=${REGISTRY:-diplomatie}
tag=${TAG:-$(node -p "require('./package.json').version")}
if [ "$tag" = latest ]; then
  echo "images: refuse to build ':latest': the manifests pin a release (set TAG)" >&2
  exit 1
fi
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(gateway publications routing communities signature search)

for app in "${apps[@]}"; do
  echo "images: $registry/$app:$tag ($engine)"
  "$engine" build --build-arg "APP=$app" --build-arg "VERSION=$tag" --build-arg "REVISION=$revision" \
    --build-arg "CREATED=$created" -t "$registry/$app:$tag" .
done
