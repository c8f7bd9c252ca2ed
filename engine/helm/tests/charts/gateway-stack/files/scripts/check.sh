#!/bin/sh
exec gateway --check
