enabled    = true
owners     = ["carol", "alice", "bob", "alice"]
overridden = "a.auto.tfvars"
