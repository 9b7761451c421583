#!/usr/bin/env bash
# Deployment jobs call this first: it fails early and names every missing
# setting, rather than letting pulumi fail half-way. It reads only the booleans
# HAS_STATE_ACCESS, HAS_DIGITALOCEAN_TOKEN and HAS_AWS_ROLE ("true"/"false",
# computed by the workflow), never a secret, and STACK for the message.
set -euo pipefail

missing=()
[[ "${HAS_STATE_ACCESS:-}" == "true" ]] ||
    missing+=("the PULUMI_ACCESS_TOKEN secret (Pulumi Cloud) or the PULUMI_BACKEND_URL variable (s3:// backend)")
[[ "${HAS_DIGITALOCEAN_TOKEN:-}" == "true" ]] || missing+=("the DIGITALOCEAN_TOKEN secret")
[[ "${HAS_AWS_ROLE:-}" == "true" ]] || missing+=("the AWS_DEPLOY_ROLE_ARN variable")

if ((${#missing[@]} > 0)); then
    for item in "${missing[@]}"; do
        echo "::error title=Deployment of ${STACK:-this stack} is not configured::Set ${item} in the repository or its environment settings."
    done
    exit 1
fi
echo "Deployment credentials for ${STACK:-this stack} are configured."
