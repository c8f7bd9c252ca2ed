variable "first" {
  type = string
}

variable "second" {
  type = string
}

output "left" {
  value = "left-${var.first}"
}

output "right" {
  value = "${var.first}+${var.second}"
}

resource "terraform_data" "this" {
  input = [var.first, var.second]
}
