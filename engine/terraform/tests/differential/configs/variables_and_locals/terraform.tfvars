region   = "eu-west-1"
replicas = "3"
zones    = ["a", "b", "c"]
service = {
  name   = "api"
  port   = "8443"
  health = { path = "/healthz" }
}
labels     = { team = "payments", tier = 1 }
overridden = "terraform.tfvars"
