# A cycle through a module's instances: a's count needs b's echo of a's output.
module "a" {
  source = "./modules/echo"
  count  = length(module.b.echoed)
  label  = "a"
  input  = "x"
}

module "b" {
  source = "./modules/echo"
  label  = "b"
  input  = module.a[*].constant
}
