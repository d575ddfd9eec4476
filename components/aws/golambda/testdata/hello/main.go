// Command hello is a minimal main package the golambda tests build.
package main

import "fmt"

func main() { fmt.Println("hello") }
