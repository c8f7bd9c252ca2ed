variable "label" {
  type = string
}

variable "input" {
  type = any
}

output "constant" {
  value = "constant-${var.label}"
}

output "echoed" {
  value = var.input
}

resource "terraform_data" "this" {
  input = { label = var.label, input = var.input }
}
