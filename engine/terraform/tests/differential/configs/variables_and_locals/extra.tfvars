overridden = "extra.tfvars"
replicas   = 2
