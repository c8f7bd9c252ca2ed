# The names the expressions of expressions.txt can reach: `terraform console` runs in a
# directory holding this file as main.tf, and Tollgate evaluates the same file to get the
# values of these variables and locals. Nothing here is applied.

variable "name" {
  default = "web"
}

variable "port" {
  type    = number
  default = "8080"
}

variable "enabled" {
  type    = bool
  default = "true"
}

variable "count_text" {
  default = "3"
}

variable "zones" {
  type    = list(string)
  default = ["b", "a", "c"]
}

variable "tags" {
  type    = map(string)
  default = { env = "prod", team = "core", tier = 2 }
}

variable "ids" {
  type    = set(string)
  default = ["z", "a", "m", "a"]
}

variable "sizes" {
  type    = set(number)
  default = [10, 2, 33, 2]
}

variable "servers" {
  type = list(object({
    name = string
    size = optional(number, 1)
    tags = optional(map(string), {})
    role = optional(string)
  }))
  default = [
    { name = "a", size = 2, tags = { app = "x" } },
    { name = "b" },
    { name = "c", size = 2, role = "db" },
  ]
}

variable "settings" {
  type = object({
    replicas = number
    label    = optional(string, "default")
    extra    = optional(list(string), ["x"])
    nested   = optional(object({ on = optional(bool, false), level = optional(number) }), {})
  })
  default = { replicas = "5" }
}

variable "triple" {
  type    = tuple([string, number, bool])
  default = ["a", "2", "true"]
}

variable "nested" {
  default = {
    a = { b = [1, { c = "deep" }] }
    list = [[1, 2], [3], []]
  }
}

variable "nothing" {
  default = null
}

variable "maybe" {
  type    = string
  default = null
}

variable "empty_list" {
  default = []
}

variable "empty_map" {
  type    = map(string)
  default = {}
}

variable "unset" {
  type = string
}

variable "unset_list" {
  type = list(string)
}

variable "cidrs" {
  default = { public = "10.0.0.0/16", private = "10.1.0.0/16" }
}

variable "mixed_nums" {
  default = [1, 2.5, -3, 1e3]
}

locals {
  prefix  = "${var.name}-${terraform.workspace}"
  doubled = [for n in var.sizes : n * 2]
  by_name = { for s in var.servers : s.name => s }
  grouped = { for s in var.servers : s.size => s.name... }
  flag    = var.enabled ? "on" : "off"
  chain   = local.flag == "on" ? local.prefix : null
  later   = terraform_data.t.output
  partial = [terraform_data.t.id, "known"]
  object_with_later = {
    id   = terraform_data.t.id
    name = "fixed"
  }
  subnets = { for k, cidr in var.cidrs : k => cidrsubnet(cidr, 8, 1) }
  matrix  = flatten([for z in var.zones : [for s in var.servers : "${z}/${s.name}"]])
  words   = split(",", "alpha,beta,,gamma")
  heredoc = <<-EOT
    Hello ${var.name}
      indented
    %{~for z in var.zones~}
    [${z}]
    %{~endfor~}
    done
  EOT
  plain_heredoc = <<EOT
line one
  ${upper(var.name)}
EOT
  directives = "%{if var.enabled}yes%{else}no%{endif}"
  # Strip markers trim one line token each in a heredoc; `<<-` measures indentation after them.
  strip_own_lines = <<EOT
foo
  %{~ if true ~}
bar
  %{~ endif ~}
EOT
  strip_line_starts = <<EOT
foo
%{~ if true ~}
  bar
%{~ endif ~}
baz
EOT
  flush_after_strip = <<-EOT
    one
      two
    %{ if true ~}
    three
    %{ endif ~}
      
    four
  EOT
  flush_interpolation_line = <<-EOT
      x
    ${"y"}
      z
  EOT
  flush_blank_line = <<-EOT
    a
        
    b
  EOT
  flush_leading_interpolation = <<-EOT
    ${"start"} x
      y
  EOT
  flush_tabs = <<-EOT
		tabbed
		  more
	EOT
  for_lines = <<EOT
%{ for s in var.servers ~}
server ${s.name} size=${s.size}
%{ endfor ~}
EOT
  template_list = <<-EOT
    %{for i, z in var.zones}
    - ${i}: ${z}
    %{endfor}
  EOT
}

resource "terraform_data" "t" {
  input = "x"
}
