# Templates (heredocs with directives and strip markers, templatefile, file) and values known
# only after apply, whole or in part.

variable "users" {
  default = [
    { name = "alice", groups = ["admin", "dev"] },
    { name = "bob", groups = [] },
  ]
}

locals {
  cloud_init = <<-EOT
    #cloud-config
    users:
    %{ for u in var.users ~}
      - name: ${u.name}
    %{ if length(u.groups) > 0 ~}
        groups: ${join(",", u.groups)}
    %{ endif ~}
    %{ endfor ~}
  EOT
  rendered  = templatefile("${path.module}/templates/motd.tftpl", { users = var.users, title = "Welcome" })
  json_doc  = jsonencode({ users = [for u in var.users : u.name], count = length(var.users) })
  yaml_doc  = yamlencode({ a = 1, b = ["x", "y"] })
  file_text = file("${path.module}/templates/banner.txt")
}

resource "terraform_data" "seed" {
  input = "seed"
}

resource "terraform_data" "templates" {
  input = {
    cloud_init = local.cloud_init
    rendered   = local.rendered
    json_doc   = local.json_doc
    yaml_doc   = local.yaml_doc
    banner     = trimspace(local.file_text)
    decoded    = jsondecode(local.json_doc).count
  }
}

resource "terraform_data" "unknowns" {
  input = {
    seed_id  = terraform_data.seed.id
    seed_out = terraform_data.seed.output
    seed_in  = terraform_data.seed.input
    list     = [terraform_data.seed.id, "known"]
    tmpl     = "id=${terraform_data.seed.id}"
    cond     = terraform_data.seed.id == "" ? "a" : "b"
    same     = terraform_data.seed.id == "" ? 1 : 1
    nulls    = terraform_data.seed.id == "" ? null : null
    length   = length([terraform_data.seed.id, 1])
    nested   = { inner = { id = terraform_data.seed.output, fixed = 1 } }
  }
}

resource "terraform_data" "unknown_whole" {
  input = terraform_data.seed.output
}
