#!/usr/bin/env bash
# stand-in for the EKS AL2 bootstrap script
