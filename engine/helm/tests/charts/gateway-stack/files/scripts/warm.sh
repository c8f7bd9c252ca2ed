#!/bin/sh
echo warming caches
