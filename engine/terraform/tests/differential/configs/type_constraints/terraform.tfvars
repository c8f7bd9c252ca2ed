not_nullable = null
nullable     = null
