// Prints the Stripe-Signature header the npm `stripe` package makes for a payload:
//   node stripe_sign.mjs <payload file> <secret> <unix seconds>
// (stripe.webhooks.generateTestHeaderString, the package's helper for testing webhook receivers).
import fs from 'node:fs';
import Stripe from 'stripe';

const [file, secret, timestamp] = process.argv.slice(2);
const payload = fs.readFileSync(file, 'utf8');
const stripe = new Stripe('sk_test_unused');
process.stdout.write(stripe.webhooks.generateTestHeaderString({payload, secret,
                                                               timestamp: Number(timestamp)}));
