variable "name" {
  type = string
}

output "constant" {
  value = "inner-constant-${var.name}"
}
