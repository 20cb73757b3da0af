import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { PK_MODEL_IDS, safeSimulateExposure } from '../domain/exposure';
import { evaluateEligibility, screeningInputSchema } from '../domain/screening';

/**
 * CLI commands that run the pure clinical modules on their own, so a clinician or reviewer can check the
 * rules and models from the command line without a database.
 */
export function registerClinicalCommands(program: Command): void {
  program
    .command('screen')
    .description('Evaluate eligibility screening rules on a JSON record and print the result as JSON')
    .argument('<record.json>', 'a JSON file (or - for standard input) with the screening input')
    .addHelpText(
      'after',
      `
Record shape (all history keys are booleans; omitted items are reported as missing):
  {
    "dateOfBirth": "1985-05-05", "evaluationDate": "2026-11-25",
    "pregnancyStatus": "not_pregnant" | "pregnant" | "not_applicable" | "unknown",
    "breastfeeding": false,
    "history": { "avm": false, "hypertension": true, "bipolar_disorder": false, ... },
    "medications": [ { "name": "Xanax 0.5 mg" }, { "name": "Lamotrigine", "class": "lamotrigine" } ],
    "program": { "setting": "in_clinic" | "at_home", "route": "iv" | "im" | "sublingual" | "oral" | "esketamine" },
    "latestBp": { "sbp": 150, "dbp": 95 }
  }
Output: { "outcome": "eligible" | "needs_review" | "not_eligible", "reasons": [ { ruleId, level, basis, reason, next, source } ], "missing": [...] }
Exit code: 0 when evaluated, 2 when the record is invalid (errors name the field).`,
    )
    .action((file: string) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file === '-' ? 0 : file, 'utf8'));
      } catch (err) {
        process.stderr.write(
          `liminal screen: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exit(2);
      }
      const parsed = screeningInputSchema.safeParse(raw);
      if (!parsed.success) {
        process.stderr.write(
          `${JSON.stringify({ errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) }, null, 2)}\n`,
        );
        process.exit(2);
      }
      process.stdout.write(`${JSON.stringify(evaluateEligibility(parsed.data), null, 2)}\n`);
    });

  program
    .command('exposure')
    .description(
      'Print the expected plasma-concentration curve (an educational estimate, not a dosing tool) as CSV',
    )
    .addOption(
      new Option('--route <route>', 'route of administration')
        .choices(['iv', 'im', 'sl', 'oral', 'in'])
        .makeOptionMandatory(),
    )
    .requiredOption('--dose-mg <n>', 'dose in mg')
    .requiredOption('--weight-kg <n>', 'body weight in kg')
    .option('--infusion-min <n>', 'IV only: infusion length in minutes (omit for a bolus)')
    .addOption(
      new Option('--model <model>', 'compartment model').choices([...PK_MODEL_IDS]).default('clements'),
    )
    .option('--duration-min <n>', 'minutes to simulate', '240')
    .option('--step-min <n>', 'minutes between points', '1')
    .action(
      (o: {
        route: string;
        doseMg: string;
        weightKg: string;
        infusionMin?: string;
        model: string;
        durationMin: string;
        stepMin: string;
      }) => {
        const route = ({ sl: 'sublingual', in: 'intranasal' } as Record<string, string>)[o.route] ?? o.route;
        const res = safeSimulateExposure({
          route: route as 'iv',
          doseMg: Number(o.doseMg),
          weightKg: Number(o.weightKg),
          model: o.model as 'clements',
          durationMin: Number(o.durationMin),
          stepMin: Number(o.stepMin),
          ...(o.infusionMin !== undefined ? { infusionMinutes: Number(o.infusionMin) } : {}),
        });
        if (!res.ok) {
          for (const i of res.issues)
            process.stderr.write(
              `liminal exposure: --${i.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}\n`,
            );
          process.exit(2);
        }
        const r = res.value;
        process.stdout.write(
          `# ESTIMATE — ${r.caveat}\n# model ${r.model}; route ${r.route}; F ${r.bioavailability}; sources: ${r.sources.join(' | ')}\n`,
        );
        process.stdout.write('minute,mg_per_L\n');
        for (const p of r.points) process.stdout.write(`${p.minute},${p.mgPerL.toFixed(5)}\n`);
        process.stdout.write(`# peak at ${r.peak.minute} min: ${r.peak.mgPerL.toFixed(5)} mg/L\n`);
      },
    );
}
