# A real cycle between values: a's input is b's echo of its input, which is a's echo.
module "a" {
  source = "./modules/echo"
  label  = "a"
  input  = module.b.echoed
}

module "b" {
  source = "./modules/echo"
  label  = "b"
  input  = module.a.echoed
}
