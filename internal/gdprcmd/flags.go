package gdprcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// inputs are one command's flags.
type inputs struct {
	command                                                 string
	requestID, subjectsFile, match, receiptFile, verifyFile string
	outputDir, ageRecipient                                 string
	dryRun                                                  bool
	externalIDs, contactIDs, typeIDs                        list
}

// list is a flag that may be given several times.
type list struct {
	values []*string
	set    bool
}

func (l *list) String() string { return "" }

func (l *list) Set(v string) error {
	l.values, l.set = append(l.values, &v), true
	return nil
}

// parse reads a command's flags. Only the flags its action has are defined, so a flag of
// another command is a usage error, not silently ignored.
func parse(command string, args []string, stderr io.Writer) (inputs, error) {
	in := inputs{command: command}
	fs := flag.NewFlagSet("gdpr "+command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&in.requestID, "request_id", "", "the request's ticket id, e.g. DSR-2026-0142 (required; never an e-mail address)")
	subjects := func() {
		fs.StringVar(&in.subjectsFile, "subjects_file", "", `JSON file {"emails": [...], "external_ids": [...], "contact_ids": [...]}, or a *.csv file with a header row of email, external_id and contact_id columns`)
		fs.Var(&in.externalIDs, "external_id", "an external id (repeatable)")
		fs.Var(&in.contactIDs, "contact_id", "an Intercom contact id (repeatable)")
		fs.StringVar(&in.match, "match", "", `"one" (default) or "all": what an e-mail address of several contacts names`)
	}
	switch command {
	case "erase":
		subjects()
		fs.BoolVar(&in.dryRun, "dry_run", false, "find the contacts, erase nothing")
		fs.StringVar(&in.receiptFile, "receipt_file", "", "receipt to write (never over an existing file)")
	case "verify":
		fs.StringVar(&in.verifyFile, "verify_receipt", "", "an erasure's receipt to check (required)")
	case "export":
		subjects()
		fs.StringVar(&in.outputDir, "output_dir", "", "new or empty folder for the bundle (required)")
		fs.StringVar(&in.ageRecipient, "age_recipient", "", "age public key to encrypt the bundle's files to")
	case "opt-out":
		subjects()
		fs.Var(&in.typeIDs, "subscription_type_id", "an opt-out subscription type id (repeatable; default: every live one)")
		fs.BoolVar(&in.dryRun, "dry_run", false, "find the contacts and types, change nothing")
		fs.StringVar(&in.receiptFile, "receipt_file", "", "receipt to write (never over an existing file)")
	default:
		return in, fmt.Errorf("unknown command %q", command)
	}
	if err := fs.Parse(args); err != nil {
		return in, err
	}
	if fs.NArg() > 0 {
		return in, fmt.Errorf("unexpected argument(s) after the flags (%d): give subjects in -subjects_file or as flags", fs.NArg())
	}
	return in, nil
}

// check refuses, before any call, what the actions refuse at validation: every problem,
// by flag, never repeating a value (it may be an e-mail address).
func (in inputs) check() []string {
	var problems []string
	if strings.TrimSpace(in.requestID) == "" {
		problems = append(problems, "-request_id is required: give the request's ticket id")
	} else if strings.Contains(in.requestID, "@") {
		problems = append(problems, "-request_id holds an @, like an e-mail address: it is printed in every progress line; give the ticket id")
	}
	for name, l := range map[string]list{"-external_id": in.externalIDs, "-contact_id": in.contactIDs} {
		for i, v := range l.values {
			if strings.Contains(*v, "@") {
				problems = append(problems, fmt.Sprintf("%s %d of %d holds an @, like an e-mail address: a command line is kept in "+
					"shell history and process lists; put e-mail addresses in the -subjects_file JSON", name, i+1, len(l.values)))
			}
		}
	}
	for name, p := range map[string]string{"-subjects_file": in.subjectsFile, "-receipt_file": in.receiptFile,
		"-output_dir": in.outputDir, "-verify_receipt": in.verifyFile} {
		if strings.Contains(p, "@") {
			problems = append(problems, name+"'s path holds an @, like an e-mail address: name it after the ticket")
		}
	}
	switch {
	case in.command == "verify" && in.verifyFile == "":
		problems = append(problems, "-verify_receipt is required")
	case in.command != "verify" && in.subjectsFile == "" && !in.externalIDs.set && !in.contactIDs.set:
		problems = append(problems, "no subject: give -subjects_file, -external_id or -contact_id")
	}
	if in.command == "export" && in.outputDir == "" {
		problems = append(problems, "-output_dir is required")
	}
	if in.match != "" && in.match != string(gdpr.MatchOne) && in.match != string(gdpr.MatchAll) {
		problems = append(problems, `-match must be "one" or "all"`)
	}
	if in.ageRecipient != "" {
		if err := gdpr.CheckRecipient(in.ageRecipient); err != nil {
			problems = append(problems, "-"+err.Error())
		}
	}
	slices.Sort(problems) // the same order on every run, whatever the maps' order
	return problems
}

// run carries out the command through dsr, as the action does.
func (in inputs) run(ctx context.Context, env dsr.Env) dsr.Findings {
	subjects := dsr.Subjects{ExternalIDs: in.externalIDs.values, ContactIDs: in.contactIDs.values, SubjectsFile: in.subjectsFile}
	switch in.command {
	case "erase":
		return dsr.Erase(ctx, env, dsr.Erasure{RequestID: in.requestID, Subjects: subjects, Match: in.match, DryRun: in.dryRun, ReceiptFile: in.receiptFile})
	case "verify":
		return dsr.VerifyReceipt(ctx, env, in.requestID, in.verifyFile)
	case "export":
		return dsr.Export(ctx, env, dsr.Access{RequestID: in.requestID, Subjects: subjects, Match: in.match, OutputDir: in.outputDir, AgeRecipient: in.ageRecipient})
	case "opt-out":
		var types []*string
		if in.typeIDs.set {
			types = in.typeIDs.values
		}
		return dsr.OptOut(ctx, env, dsr.Objection{RequestID: in.requestID, Subjects: subjects, Match: in.match,
			SubscriptionTypeIDs: types, DryRun: in.dryRun, ReceiptFile: in.receiptFile})
	}
	return dsr.Findings{{Severity: dsr.Error, Summary: "unknown command", Detail: errors.ErrUnsupported.Error()}}
}
