// Package pluginproc sets up the provider's own process before it serves Terraform.
//
// Terraform and OpenTofu start one provider process per provider configuration and per
// command, each living a few seconds; two of the runtime's defaults cost such processes
// more than they give (BENCHMARKS.md): the SDK's TRACE logging, which the CLI drops
// unless asked for, and a garbage collector paced for long-lived servers.
package pluginproc
