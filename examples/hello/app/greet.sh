#!/usr/bin/env bash
# The example application: prints a greeting.
echo "${1:-Hello}, world!"
