// Counterexamples the life-cycle model found (shrunk where fast-check could), replayed as fixed
// scenarios through the same steps, invariants and final settle (lifecycle-model.ts). Since 0.2.0 a discount must
// cover each charge it overlaps (DiscountCoversPartOfCharge), and buildAccount ends a recurring charge that starts
// in a first-half discount's period with it: three counterexamples below that had such a charge run past the
// discount (the rounding unit, the hang with large amounts, and counterexamples/detach-rerounds-fully-processed.txt)
// now build it shorter. They still replay every step and invariant, on slightly different charges.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../src/operations/contracts';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';
import { parseCounterexample, runScenario } from './lifecycle-model';

describe('life-cycle model counterexamples', () => {
  it('a detached charge another schedule holds now is not attached back (§5.5, §2.3)', async () => {
    // Targeted sequences, seed 1893120959: a charge detached unbilled and put in a new schedule was attached back
    // to the first, and both schedules billed it (I5 a at settle).
    await runScenario(
      parseCounterexample(
        `[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":2,"listPriceBase":"Year","periodChoice":0,"startPermille":1,"endPermille":0},{"type":"OneTime","units":0n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":1}],"discounts":[]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":1}],"discounts":[{"basisPoints":1,"wholeTerm":false}]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"steps":[{"kind":"create","account":0,"cuts":[334,1],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"revertLast","schedule":-1,"reverse":false,"back":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":true},{"kind":"items","schedule":-1,"del":1,"add":0,"insert":false,"fraction":1,"to":0},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"attach","schedule":-1,"charge":0},{"kind":"create","account":0,"cuts":[1,2],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"revertLast","schedule":-1,"reverse":false,"back":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"items","schedule":-1,"del":0,"add":0,"insert":false,"fraction":1,"to":0},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"attach","schedule":-1,"charge":0},{"kind":"revertLast","schedule":-1,"reverse":false,"back":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"create","account":0,"cuts":[1,2],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"items","schedule":-1,"del":1,"add":0,"insert":false,"fraction":1,"to":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"items","schedule":-1,"del":1,"add":1,"insert":false,"fraction":1,"to":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"attach","schedule":0,"charge":35}],"catchUps":[]}]`,
      ),
    );
  });

  it("a credit takes each standard line's net with the discount line after it, as the model now reads it too (§8.4)", async () => {
    // Targeted sequences, seed 1844445903: a raise's catch-up beside the line it raised on one consolidated invoice,
    // each with its discount line; the model put both discount lines on the first line (I2 b, a false alarm).
    await runScenario(
      parseCounterexample(
        `[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":2n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1000,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":0,"cuts":[500],"firstRun":0,"gaps":[92,1,1,1,1],"subs":13}],"steps":[{"kind":"create","account":0,"cuts":[1,500],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"revertLast","schedule":-1,"reverse":false,"back":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":true},{"kind":"updateProduct","charge":0,"priceUnits":16n,"billed":true},{"kind":"items","schedule":-1,"del":1,"add":0,"insert":false,"fraction":0,"to":0},{"kind":"billRun","position":123},{"kind":"execute","schedule":-1,"item":null},{"kind":"attach","schedule":-1,"charge":0},{"kind":"create","account":0,"cuts":[1,2],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"removeProduct","sub":9,"position":0,"schedule":-1,"billed":true},{"kind":"updateProduct","charge":0,"priceUnits":0n},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"create","account":0,"cuts":[1,2],"firstRun":0,"gaps":[5,5,5,5,5],"subs":0,"fresh":true,"anyAccount":true,"separately":false,"blank":0,"percent":false},{"kind":"execute","schedule":-1,"item":{"earliest":true,"pick":0}},{"kind":"revertLast","schedule":-1,"reverse":false,"back":0},{"kind":"detach","schedule":-1,"charge":0,"postDrafts":false},{"kind":"items","schedule":-1,"del":1,"add":0,"insert":false,"fraction":1,"to":0},{"kind":"billRun","position":0,"anchor":-1,"days":0,"change":false},{"kind":"attach","schedule":-1,"charge":0}],"additional":[{"subs":0,"consolidate":true}],"catchUps":[]}]`,
      ),
    );
  });

  it('canceling a merged invoice of an item and a detached charge standard-billed leaves the schedule what it billed of that charge (§5.4, decision 11)', async () => {
    // JPY, consolidated: item 2's invoice, produced after XC3-1 was detached, carried standard billing's line of
    // XC3-1 too. Once such an invoice could be canceled, the schedule took that line off its own billed amount of
    // XC3-1 (-1 against documents netting 0).
    await runScenario(
      parseCounterexample(
        `[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":1,"endPermille":0}],"discounts":[{"basisPoints":1,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":1,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0},{"type":"OneTime","units":2n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":1}],"discounts":[{"basisPoints":1000,"wholeTerm":false}]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"steps":[{"kind":"execute","schedule":0,"item":{"earliest":true,"pick":0}},{"kind":"removeProduct","sub":0,"position":0,"billed":true},{"kind":"detach","schedule":0,"charge":0,"postDrafts":true,"over":true},{"kind":"billRun","position":123},{"kind":"attach","schedule":0,"charge":0},{"kind":"create","account":0,"cuts":[1],"firstRun":0,"gaps":[1,1,1,1,1],"subs":1,"separately":false},{"kind":"create","account":0,"cuts":[334],"firstRun":1500,"gaps":[1,1,1,1,1],"subs":20},{"kind":"execute","schedule":-2,"item":{"earliest":true,"pick":0}},{"kind":"detach","schedule":-2,"charge":0,"postDrafts":true},{"kind":"removeProduct","sub":0,"position":0,"billed":true,"schedule":-2},{"kind":"billRun","position":0,"anchor":-2,"sub":0,"days":0,"change":true},{"kind":"update","schedule":-1,"edit":"cover","a":30,"b":0,"fraction":0,"fresh":true},{"kind":"cancel","pick":0,"anyStatus":false}],"additional":[{"subs":0},{"subs":0,"consolidate":true}],"catchUps":[]}]`,
      ),
    );
  });

  it('a charge removed before its start gets no invoice line (no service period to compute, §7.1, §8.4)', async () => {
    // JPY: a one-time charge worth 1 and a 1/12-yen recurring charge in one group; removing the
    // recurring one from its start date made the item's $0 line crash computing its service period.
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"Recurring","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":1,"endPermille":1}],"discounts":[]}]}],"settings":{"chargeGrouping":"term","prorationDays":"actual"},"steps":[{"kind":"create","account":0,"cuts":[],"firstRun":0,"gaps":[1,1,1,1,1]},{"kind":"removeProduct","sub":9,"position":0}]}]`,
      ),
    );
  });

  it('a change of one charge never moves a rounding unit onto a charge already billed in full (decision 2)', async () => {
    // JPY, fully processed; cutting XS3 from 2 to 0.06 yen handed the unit left by rounding once over all
    // charges to XS1, which had been billed its rounded-down value: unbilled +1 with no item left to bill it.
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"Recurring","units":186961041n,"quantity":1,"listPriceBase":"Month","periodChoice":0,"startPermille":1,"endPermille":0}],"discounts":[{"basisPoints":2285,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":0n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":0,"termMonths":1,"charges":[{"type":"Recurring","units":1n,"quantity":2,"listPriceBase":"Month","periodChoice":0,"startPermille":0,"endPermille":1}],"discounts":[]}]}],"settings":{"chargeGrouping":"term","prorationDays":"actual"},"steps":[{"kind":"create","account":0,"cuts":[],"firstRun":0,"gaps":[1,1,1,1,1]},{"kind":"removeProduct","sub":21,"position":734},{"kind":"billRun","position":123},{"kind":"removeProduct","sub":35,"position":34},{"kind":"create","account":0,"cuts":[],"firstRun":0,"gaps":[1,1,1,1,1]}]}]`,
      ),
    );
  });

  it('an earlier pending item that gives every credit bills no more than is left on the charges (§8.2, §8.3)', async () => {
    // USD, item 1 billed, then the subscription is canceled (one-time charges credited in full): item 2's
    // actual amount is 0 (the credit exceeds what is left) and it used to try to invoice the whole credit.
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"USD","subscriptions":[{"startOffset":473,"termMonths":4,"charges":[{__proto__:null,"type":"OneTime","units":4535n,"quantity":1,"listPriceBase":"Month","periodChoice":922,"startPermille":0,"endPermille":0},{"type":"OneTime","units":367529394n,"quantity":3,"listPriceBase":"Month","periodChoice":630,"startPermille":394,"endPermille":0},{"type":"Recurring","units":0n,"quantity":1,"listPriceBase":"Month","periodChoice":522,"startPermille":0,"endPermille":0}],"discounts":[]}]}],"settings":{__proto__:null,"chargeGrouping":"term","prorationDays":"actual"},"steps":[{__proto__:null,"kind":"post","pick":31,"anyStatus":true},{"kind":"create","account":1,"cuts":[687,283,839,10,201],"firstRun":353,"gaps":[17,3,154,39,19]},{"kind":"create","account":0,"cuts":[418,105,126,454,21],"firstRun":339,"gaps":[205,137,29,18,243]},{__proto__:null,"kind":"update","schedule":38,"edit":"move","a":26,"b":13,"fraction":400},{"kind":"billRun","position":736},{__proto__:null,"kind":"reverse","pick":23,"anyStatus":true},{"kind":"cancelSubscription","sub":23,"position":976},{"kind":"create","account":0,"cuts":[334],"firstRun":137,"gaps":[35,27,14,83,33]},{"kind":"execute","schedule":35,"item":null},{__proto__:null,"kind":"updateProduct","charge":20,"priceUnits":996218672n},{__proto__:null,"kind":"post","pick":5,"anyStatus":true},{__proto__:null,"kind":"post","pick":4,"anyStatus":false}]}]`,
      ),
    );
  });
  // Formerly a known issue: canceling a Draft invoice that a credit memo already credited sent its item back
  // to Pending while the credit stayed on the charge, and the schedule could never settle. The library now
  // refuses it (InvoiceHasCredits), as Zuora requires unapplying credit memos first (§5.2).
  it('canceling an invoice already credited by a credit memo is refused and keeps the schedule consistent', async () => {
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":537,"termMonths":27,"charges":[{__proto__:null,"type":"OneTime","units":0n,"quantity":1,"listPriceBase":"Month","periodChoice":488,"startPermille":0,"endPermille":0},{"type":"OneTime","units":1260n,"quantity":1,"listPriceBase":"Month","periodChoice":266,"startPermille":0,"endPermille":0}],"discounts":[]},{__proto__:null,"startOffset":266,"termMonths":17,"charges":[{__proto__:null,"type":"OneTime","units":1616958860n,"quantity":2,"listPriceBase":"Month","periodChoice":883,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":727,"termMonths":16,"charges":[{"type":"Recurring","units":2493n,"quantity":3,"listPriceBase":"Year","periodChoice":507,"startPermille":333,"endPermille":0}],"discounts":[{__proto__:null,"basisPoints":1995,"wholeTerm":true},{__proto__:null,"basisPoints":2000,"wholeTerm":true}]}]},{__proto__:null,"currency":"JPY","subscriptions":[{"startOffset":541,"termMonths":12,"charges":[{__proto__:null,"type":"Recurring","units":0n,"quantity":1,"listPriceBase":"Month","periodChoice":366,"startPermille":0,"endPermille":258},{"type":"Recurring","units":2483n,"quantity":1,"listPriceBase":"Month","periodChoice":356,"startPermille":149,"endPermille":0}],"discounts":[{__proto__:null,"basisPoints":172,"wholeTerm":true},{__proto__:null,"basisPoints":4518,"wholeTerm":true}]},{"startOffset":203,"termMonths":25,"charges":[{"type":"OneTime","units":991190702n,"quantity":3,"listPriceBase":"Month","periodChoice":658,"startPermille":473,"endPermille":451},{__proto__:null,"type":"OneTime","units":1569n,"quantity":1,"listPriceBase":"Month","periodChoice":222,"startPermille":12,"endPermille":355},{"type":"OneTime","units":786056128n,"quantity":1,"listPriceBase":"Month","periodChoice":970,"startPermille":0,"endPermille":874}],"discounts":[]},{__proto__:null,"startOffset":428,"termMonths":31,"charges":[{__proto__:null,"type":"Recurring","units":1589376154n,"quantity":1,"listPriceBase":"Year","periodChoice":691,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":690,"termMonths":19,"charges":[{"type":"Recurring","units":501n,"quantity":2,"listPriceBase":"Month","periodChoice":999,"startPermille":0,"endPermille":0},{__proto__:null,"type":"OneTime","units":4022n,"quantity":2,"listPriceBase":"Year","periodChoice":120,"startPermille":0,"endPermille":0},{__proto__:null,"type":"Recurring","units":721812316n,"quantity":2,"listPriceBase":"Month","periodChoice":605,"startPermille":0,"endPermille":0}],"discounts":[{__proto__:null,"basisPoints":1233,"wholeTerm":true}]}]}],"settings":{__proto__:null,"chargeGrouping":"startDate","prorationDays":"actual"},"steps":[{"kind":"reverse","pick":37,"anyStatus":false},{__proto__:null,"kind":"post","pick":27,"anyStatus":false},{"kind":"update","schedule":31,"edit":"move","a":28,"b":2,"fraction":700},{__proto__:null,"kind":"removeProduct","sub":8,"position":96},{__proto__:null,"kind":"execute","schedule":31,"item":{__proto__:null,"earliest":false,"pick":6}},{"kind":"execute","schedule":27,"item":null},{"kind":"create","account":1,"cuts":[],"firstRun":127,"gaps":[23,24,24,102,159]},{"kind":"attach","schedule":37,"charge":48},{"kind":"execute","schedule":19,"item":null},{"kind":"removeProduct","sub":45,"position":681},{__proto__:null,"kind":"billRun","position":475},{__proto__:null,"kind":"cancel","pick":32,"anyStatus":true}]}]`,
      ),
    );
  });
  // Formerly a known issue: §5.4 says that after detaching, invoices the schedule produced before the detach
  // can no longer be unposted; the library reversed them and the schedule could not settle. It now refuses
  // (InvoiceLockedByDetach).
  it('an invoice produced before a detach cannot be unposted (§5.4)', async () => {
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"USD","subscriptions":[{"startOffset":0,"termMonths":12,"charges":[{"type":"Recurring","units":1200000n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0},{"type":"Recurring","units":600000n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]}]}],"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":0,"cuts":[500],"firstRun":0,"gaps":[30,30,30,30,30]}],"steps":[{"kind":"billRun","position":80},{"kind":"detach","schedule":0,"charge":0,"postDrafts":true},{"kind":"reverse","pick":0,"anyStatus":false}]}]`,
      ),
    );
  });
  // Found by a 1,500-run hunt: detaching a charge of a fully processed schedule re-rounded the attached
  // charges (a unit moved onto a charge billed in full, unbilled +1 forever), and canceling the invoice of an
  // item carrying a credit memo dropped the credit from the item. Both fixed (rounding pool keeps detached
  // charges; InvoiceHasCredits).
  it("a detach never re-rounds the attached charges, and a credited item's invoice cannot go back", async () => {
    await runScenario(
      parseCounterexample(
        readFileSync(
          new URL('./counterexamples/detach-rerounds-fully-processed.txt', import.meta.url),
          'utf8',
        ),
      ),
    );
  });
});

// Found by the model (random run, shrunk by hand-driven delta debugging; no owner transfer involved) after the
// recent decision 19 changes (it passed at 0277815): XS3/XC3-1 ($1.00 a year) is billed 0.57 by items 1–2;
// removing XS3 from 2024-06-11 cuts its value to 0.45, so 0.12 is to be credited, and item 3's actual amount
// nets that credit against what XS3/XC3-2 still owes (§8.2). The settle bill run then bills item 3's net amount
// all on XC3-2 and never credits XC3-1: the schedule ends FullyProcessed with nextRunDate null while XC3-1 stays
// billed 0.57 for a value of 0.45 and XC3-2 0.12 short (I2 d; decision 17: no charge billed beyond its value).
// Fixed: an item is now the one that settles every credit when every other pending item is at zero (decision 19
// processes them with it), so item 3 invoices XC3-2's 1,846,661.17 and credits XC3-1's 0.11 in the same run.
describe('life-cycle model counterexamples: removal credits', () => {
  it("an item that absorbs a removal's credit still credits the over-billed charge (§8.2, §8.4, decision 17)", async () => {
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"USD","subscriptions":[{"startOffset":61,"termMonths":12,"charges":[{"type":"Recurring","units":100n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":228,"termMonths":20,"charges":[{"type":"Recurring","units":1378544062n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0},{"type":"Recurring","units":1061286117n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0},{"type":"Recurring","units":581876916n,"quantity":1,"listPriceBase":"Month","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":4409,"wholeTerm":true}]},{"startOffset":653,"termMonths":35,"charges":[{"type":"Recurring","units":100n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":71,"endPermille":0},{"type":"Recurring","units":1378673082n,"quantity":3,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]}]},{"currency":"USD","subscriptions":[{"startOffset":583,"termMonths":12,"charges":[{"type":"Recurring","units":100n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":1,"cuts":[600,800,542,100],"firstRun":223,"gaps":[15,11,16,223,5]}],"steps":[{"kind":"billRun","position":142},{"kind":"removeProduct","sub":42,"position":225}]}]`,
      ),
    );
  });

  it('a credit taken back from the exact split never leaves a charge two units above its value, so a fully processed schedule settles (decision 2, C10)', async () => {
    // JPY, 1 bp discount on XS2: item 1 billed, XS1 removed from its second day (XC1-1 worth 0, XC1-2 worth
    // 70.03), then item 2 billed with a credit of 1,816 (XC1-1 kept a rounding unit). The exact split of that
    // credit (2 and 1,815.97) was a unit over; the unit was taken back from XC1-2 (net 72 for 70.03), so the
    // set rounding then owed XC1-2 a credit of 1 and XC2-2 a unit no item could bill: after the settle
    // credit, IS-00000001 was fully processed with 1 yen unbilled. It is now taken back from XC1-1 (net 1, the
    // unit it was left). Found at MODEL_RUNS=400.
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":2n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0},{"type":"Recurring","units":2171n,"quantity":1,"listPriceBase":"Month","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":1,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":1},{"type":"OneTime","units":470001n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1,"wholeTerm":false}]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":0,"cuts":[4],"firstRun":0,"gaps":[1,1,1,1,1]}],"steps":[{"kind":"execute","schedule":0,"item":{"earliest":false,"pick":0}},{"kind":"removeProduct","sub":0,"position":34},{"kind":"execute","schedule":0,"item":null}]}]`,
      ),
    );
  });
});

// Owner Transfer (§8.8) against decision 17 ("billing history belongs to the charge … remaining amounts and
// credits go to the current owner"). Each scenario is the smallest the model showed an issue with, now fixed
// (see OwnerTransferIssue).
describe('owner transfer (decision 17, §8.8)', () => {
  /** USD 1,200.00 a year: a recurring charge over a 12-month term from 2022-01-01, billed annually. */
  const yearly = (units: bigint) => ({
    startOffset: 0,
    termMonths: 12,
    charges: [
      {
        type: 'Recurring' as const,
        units,
        quantity: 1 as const,
        listPriceBase: 'Year' as const,
        periodChoice: 0,
        startPermille: 0,
        endPermille: 0,
      },
    ],
    discounts: [],
  });
  // XA-001 owns XS1/XC1-1 1,200.00 and XS2/XC2-1 600.00; XA-002 is a spare USD account.
  const base = {
    accounts: [{ currency: 'USD' as const, subscriptions: [yearly(120_000n), yearly(60_000n)] }],
    spares: 1,
    settings: { chargeGrouping: 'term' as const, prorationDays: 'actual' as const },
  };
  const create = (cuts: number[]) => ({
    kind: 'create' as const,
    account: 0,
    cuts,
    firstRun: 0,
    gaps: [180, 30, 30, 30, 30],
  });

  it('a credit after a partial move goes to the current owner: the moved XS1 is detached, and standard billing credits it on XA-002 (splitOwnerDocuments)', async () => {
    // One item, billed (INV001 1,800.00 on XA-001): fully billed, so XS1 alone may move to XA-002 (§8.8) and the
    // schedule stays with XA-001 (XS2). Canceling XS1 from 2022-07-02 then made a credit due on the schedule,
    // which the settle bill run issued on XA-001 though XS1 belongs to XA-002 (decision 17: credits go to the
    // current owner). The partial move now detaches XS1's charge (§5.4), so the credit is standard billing's,
    // on XA-002, taken from INV001's XS1 line.
    await runScenario(
      {
        ...base,
        creates: [create([])],
        steps: [
          { kind: 'execute', schedule: 0, item: null },
          { kind: 'transfer', schedule: 0, all: false, sub: 0, to: 0 },
          { kind: 'cancelSubscription', sub: 0, position: 500 },
        ],
      },
      { strictOwnerTransfer: ['splitOwnerDocuments'] },
    );
  });

  it('a schedule whose only attached subscription moved stays with the old owner when a detached charge did not move (detachedStayBehind)', async () => {
    // Items 900.00 / 900.00; item 1 billed and posted; XS2's charge detached (§5.4). XS1 is then all the schedule
    // bills, and moving it alone is allowed — but the schedule stays on XA-001 (the library also counts the
    // detached XS2) and bills XS1's remaining 1,200.00 − its share of item 1 on XA-001, not on XA-002.
    await runScenario(
      {
        ...base,
        creates: [create([500])],
        steps: [
          { kind: 'execute', schedule: 0, item: null },
          { kind: 'detach', schedule: 0, charge: 1, postDrafts: true },
          { kind: 'transfer', schedule: 0, all: false, sub: 0, to: 0 },
        ],
      },
      { strictOwnerTransfer: ['detachedStayBehind'] },
    );
  });

  it("a fully billed schedule refuses a partial move when a charge's billed total is below its own rounded value (fullyBilledRounding)", async () => {
    // JPY: XC1-1 and XC2-1 are each worth 0.5 yen (1 yen a year, 6 months). Decision 2 bills them 1 and 0 (the
    // tie goes to the earlier charge); the single 1-yen item is billed, the schedule is FullyProcessed with
    // unbilled 0. Moving XS2 alone is refused (OrderActionNotSupported, OwnerTransferOfPartlyBilledSchedule):
    // §8.8's "fully billed" compares XC2-1's billed 0 with its value rounded alone (1), not its billed total (0).
    const halfYen = {
      startOffset: 0,
      termMonths: 6,
      charges: [
        {
          type: 'Recurring' as const,
          units: 1n,
          quantity: 1 as const,
          listPriceBase: 'Year' as const,
          periodChoice: 0,
          startPermille: 0,
          endPermille: 0,
        },
      ],
      discounts: [],
    };
    await runScenario(
      {
        ...base,
        accounts: [{ currency: 'JPY', subscriptions: [halfYen, halfYen] }],
        creates: [create([])],
        steps: [
          { kind: 'execute', schedule: 0, item: null },
          { kind: 'transfer', schedule: 0, all: false, sub: 1, to: 0 },
        ],
      },
      { strictOwnerTransfer: ['fullyBilledRounding'] },
    );
  });
});

// Found probing the owner-transfer step (the model only moves subscriptions to existing accounts of their
// currency): the library did not check the new owner at all.
describe('life-cycle model counterexamples: large amounts', () => {
  it('an item whose lines a cap raised to zero takes the units back level by level, not one at a time (decision 2)', async () => {
    // JPY charges of about 10^9 yen: after a subscription was canceled, an execution's cascade had a line raised
    // to zero needing about 10^9 units back from the other lines, taken one unit per loop turn — the bill run
    // never ended (seed 1414, run 211 of 1,500, found as a hang). Now it takes well under a second.
    await runScenario(
      parseCounterexample(
        String.raw`[{__proto__:null,"accounts":[{__proto__:null,"currency":"JPY","subscriptions":[{__proto__:null,"startOffset":596,"termMonths":16,"charges":[{"type":"Recurring","units":645501085n,"quantity":1,"listPriceBase":"Year","periodChoice":642,"startPermille":0,"endPermille":0},{"type":"Recurring","units":1670245412n,"quantity":1,"listPriceBase":"Month","periodChoice":105,"startPermille":0,"endPermille":184}],"discounts":[]},{__proto__:null,"startOffset":460,"termMonths":1,"charges":[{__proto__:null,"type":"Recurring","units":1518n,"quantity":3,"listPriceBase":"Year","periodChoice":303,"startPermille":0,"endPermille":0},{"type":"OneTime","units":0n,"quantity":1,"listPriceBase":"Year","periodChoice":78,"startPermille":0,"endPermille":0},{__proto__:null,"type":"Recurring","units":1222687302n,"quantity":1,"listPriceBase":"Month","periodChoice":182,"startPermille":0,"endPermille":793}],"discounts":[]},{__proto__:null,"startOffset":429,"termMonths":22,"charges":[{"type":"OneTime","units":1226916822n,"quantity":2,"listPriceBase":"Month","periodChoice":289,"startPermille":0,"endPermille":718},{"type":"OneTime","units":743904089n,"quantity":3,"listPriceBase":"Month","periodChoice":49,"startPermille":0,"endPermille":0},{"type":"Recurring","units":1982645186n,"quantity":3,"listPriceBase":"Month","periodChoice":482,"startPermille":0,"endPermille":0}],"discounts":[]},{__proto__:null,"startOffset":553,"termMonths":29,"charges":[{"type":"Recurring","units":0n,"quantity":1,"listPriceBase":"Year","periodChoice":101,"startPermille":0,"endPermille":93},{"type":"OneTime","units":1820173092n,"quantity":1,"listPriceBase":"Year","periodChoice":114,"startPermille":0,"endPermille":553}],"discounts":[{__proto__:null,"basisPoints":1000,"wholeTerm":true},{"basisPoints":2294,"wholeTerm":false}]},{"startOffset":391,"termMonths":21,"charges":[{"type":"OneTime","units":123615003n,"quantity":3,"listPriceBase":"Month","periodChoice":22,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":5000,"wholeTerm":true}]}]},{__proto__:null,"currency":"USD","subscriptions":[{__proto__:null,"startOffset":122,"termMonths":12,"charges":[{"type":"OneTime","units":546618092n,"quantity":3,"listPriceBase":"Year","periodChoice":950,"startPermille":0,"endPermille":0}],"discounts":[{__proto__:null,"basisPoints":5000,"wholeTerm":false}]},{__proto__:null,"startOffset":90,"termMonths":36,"charges":[{"type":"Recurring","units":63n,"quantity":1,"listPriceBase":"Month","periodChoice":984,"startPermille":111,"endPermille":0},{"type":"Recurring","units":1280499675n,"quantity":1,"listPriceBase":"Year","periodChoice":235,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":2749,"wholeTerm":true}]},{"startOffset":223,"termMonths":23,"charges":[{__proto__:null,"type":"OneTime","units":0n,"quantity":3,"listPriceBase":"Year","periodChoice":652,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":5000,"wholeTerm":false},{"basisPoints":4242,"wholeTerm":true}]},{__proto__:null,"startOffset":465,"termMonths":35,"charges":[{__proto__:null,"type":"OneTime","units":1963266291n,"quantity":1,"listPriceBase":"Month","periodChoice":792,"startPermille":0,"endPermille":853},{"type":"OneTime","units":1346323307n,"quantity":3,"listPriceBase":"Month","periodChoice":633,"startPermille":0,"endPermille":0},{"type":"OneTime","units":626142657n,"quantity":3,"listPriceBase":"Month","periodChoice":189,"startPermille":0,"endPermille":0}],"discounts":[{__proto__:null,"basisPoints":2000,"wholeTerm":true},{__proto__:null,"basisPoints":5000,"wholeTerm":false}]}]}],"spares":2,"settings":{__proto__:null,"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":1,"cuts":[581,136,215,391],"firstRun":97,"gaps":[37,33,102,113,242]},{"kind":"create","account":1,"cuts":[731,806,758,527],"firstRun":114,"gaps":[94,249,28,252,36]}],"steps":[{"kind":"execute","schedule":2,"item":{__proto__:null,"earliest":true,"pick":8}},{__proto__:null,"kind":"transfer","schedule":12,"all":false,"sub":44,"to":23},{"kind":"post","pick":50,"anyStatus":false},{__proto__:null,"kind":"transfer","schedule":null,"all":false,"sub":9,"to":50},{"kind":"attach","schedule":43,"charge":8,"postDrafts":false},{__proto__:null,"kind":"execute","schedule":35,"item":{"earliest":false,"pick":33}},{__proto__:null,"kind":"cancelSubscription","sub":49,"position":425},{"kind":"execute","schedule":23,"item":null}]}]`,
      ),
    );
  });
});

describe('owner transfer: credits on the new owner', () => {
  it('an invoice of the old owner credited by a memo on the new owner cannot be reversed (InvoiceHasCredits, decision 17, §6.4)', async () => {
    // JPY: INV00000001 billed XS1's one-time charge on XA-001; the schedule moved whole to YA-001, XS1 was
    // removed from its start, and the execution credited the charge with CM00000001 on YA-001 (credits go
    // to the current owner). Reversing INV00000001 looked for memos on XA-001 only, found none, and was
    // accepted: the charge was credited twice (net billed −1). Found by the life-cycle model (seed 202,
    // 1,440 runs).
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1000,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1000,"wholeTerm":false}]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":2n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]}]},{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":0n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":1}],"discounts":[{"basisPoints":1,"wholeTerm":false}]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":0,"cuts":[500],"firstRun":0,"gaps":[1,1,1,1,1]}],"steps":[{"kind":"billRun","position":125},{"kind":"transfer","schedule":0,"all":true,"sub":0,"to":0},{"kind":"removeProduct","sub":0,"position":0},{"kind":"attach","schedule":0,"charge":0,"postDrafts":true},{"kind":"execute","schedule":0,"item":null},{"kind":"reverse","pick":0,"anyStatus":false},{"kind":"create","account":0,"cuts":[],"firstRun":0,"gaps":[1,1,1,1,1]}]}]`,
      ),
    );
  });
});

describe('owner transfer: the new owner is checked', () => {
  async function transferTo(newOwnerAccountNumber: string) {
    const billing = newBilling();
    // C01's S1 36,900.00 and S2 21,500.00 on A-001 (USD); A-EUR is an EUR account.
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS.slice(0, 2) });
    expectOk(
      await saveNewAccount(billing.context, { id: 'acc-A-EUR', number: 'A-EUR', name: 'E', currency: 'EUR' }),
    );
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: ['S1', 'S2'].map((subscriptionNumber) => ({
          type: 'OwnerTransfer',
          subscriptionNumber,
          newOwnerAccountNumber,
        })),
      }),
    );
    return { billing, activated: await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }) };
  }

  it('an owner transfer to an account that does not exist is refused (was accepted: S1, S2 and their schedule move to A-404, and bill runs invoice A-404)', async () => {
    const { activated } = await transferTo('A-404');
    expect(activated.isErr(), 'refused').toBe(true);
    expect(activated._unsafeUnwrapErr()).toMatchObject({ type: 'AccountNotFound', accountNumber: 'A-404' });
  });

  it('an owner transfer to an account of another currency is refused (was accepted: USD invoices on the EUR account)', async () => {
    // A schedule's subscriptions share one owner and currency (§4.2 rule 6), and an account's documents are in
    // its currency.
    const { activated } = await transferTo('A-EUR');
    expect(activated.isErr(), 'refused').toBe(true);
    expect(activated._unsafeUnwrapErr()).toMatchObject({
      type: 'SubscriptionCurrencyMismatch',
      currency: 'USD',
      expectedCurrency: 'EUR',
    });
  });

  it('a charge an owner transfer detached from its old schedule cannot be attached back there: its subscription belongs to another account now (§4.2 rule 6, §5.5)', async () => {
    // JPY, one account and a spare: item 1 executed, XS1 moved to the spare (the schedule was fully billed,
    // so a partial move is allowed, §8.8), and XS1's charge, detached from IS-00000001 by the move, attached
    // back: the library accepted it, so the old owner's schedule covered a charge of the new owner's.
    await runScenario(
      parseCounterexample(
        String.raw`[{"accounts":[{"currency":"JPY","subscriptions":[{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[]},{"startOffset":0,"termMonths":1,"charges":[{"type":"OneTime","units":1n,"quantity":1,"listPriceBase":"Year","periodChoice":0,"startPermille":0,"endPermille":0}],"discounts":[{"basisPoints":1,"wholeTerm":false}]}]}],"spares":1,"settings":{"chargeGrouping":"term","prorationDays":"actual"},"creates":[{"kind":"create","account":0,"cuts":[],"firstRun":0,"gaps":[1,1,1,1,1]}],"steps":[{"kind":"execute","schedule":0,"item":null},{"kind":"transfer","schedule":0,"all":false,"sub":0,"to":0},{"kind":"attach","schedule":0,"charge":0},{"kind":"execute","schedule":0,"item":null}]}]`,
      ),
    );
  });
});

// Found by the extended model (seed 3, 1,500 runs; cut by hand): a change to the subscription of a DETACHED charge
// moved a rounding unit onto an attached charge already billed in full. JPY; a one-item schedule for 268 is
// executed (FullyProcessed); XS2/XC2-1 is detached; its price is updated, then XS2 is removed. The detached charge
// stayed in the rounding pool at its current value (states.ts, statesOf), so its new remainder re-rounded the
// attached charges: XS3/XC3-2 went from 206 to 207 and the schedule read unbilled 1 with no item left to bill it.
// Fixed: the detachment records the charge's exact value when detached, and the pool keeps that value.
describe('life-cycle model counterexamples: detached charges', () => {
  it('a change to a detached charge’s subscription never moves a rounding unit onto a charge billed in full', async () => {
    await runScenario(
      parseCounterexample(
        readFileSync(new URL('./counterexamples/detached-change-moves-unit.txt', import.meta.url), 'utf8'),
      ),
    );
  });
});

// Found by the additional-subscriptions hunt (MODEL_SEED=2, 600 runs; no additional subscription, no detach or
// transfer in the shrunk scenario). JPY, one consolidating schedule over XS1–XS3. Item 1 bills XS2/XC2-1
// 6,350,363,351; removing XS2 from 2022-04-01 lowers it to 2,211,717,530.7 and the bill run bills everything
// else and credits XS2 4,138,645,819: FullyProcessed, XS3/XC3-1 (6,565.6) and XS3/XC3-2 (2,864,844,748.5) billed
// their rounded-down values (the units kept on the credited XC2-1). Cancelling XS2 from 2022-03-24 cuts XC2-1 to
// 1,407,456,610.45: the set rounding (decision 2) now hands its two units to XC3-1 and XC3-2, both billed in
// full, and only one of them was given back to the credited charge, so the schedule ended FullyProcessed with
// unbilled +1 that nothing would bill. Fixed: a charge billed above its total (a credit due) takes every unit
// left on charges billed their rounded-down value, while its credit stays ≥ 0 (states.ts, keepBilledUnits).
describe('life-cycle model counterexamples: rounding after a second cut', () => {
  it('a second cut of a credited charge never moves a rounding unit onto a charge billed in full (decision 2)', async () => {
    await runScenario(
      parseCounterexample(
        readFileSync(
          new URL('./counterexamples/consolidated-credit-moves-unit.txt', import.meta.url),
          'utf8',
        ),
      ),
    );
  });
});

// Found by the model once its oracle (I5, I8) expected standard billing to bill a detached charge its total in the
// schedule's set rounding (default seed, 200 runs, on the library before the fix; shrunk). JPY, one schedule over
// XS1: after XS1's product is removed, the schedule bills XS1/XC1-2 its set total, 3 yen (its value rounded on its
// own is 2), and is FullyProcessed. XC1-2 is detached, and the next bill run credited it 1 yen — a credit memo for
// the rounding unit alone (decision 2). Fixed: the detachment records the charge's set total and the set's exact
// value, and standard billing bills the charge up to that total (standard.ts, detachedValue).
describe('life-cycle model counterexamples: a detached charge keeps its set total', () => {
  it('standard billing issues no credit memo for the unit the set rounding gave a detached charge (decision 2)', async () => {
    await runScenario(
      parseCounterexample(
        readFileSync(new URL('./counterexamples/detached-set-total.txt', import.meta.url), 'utf8'),
      ),
    );
  });
});

// Found by the model at depth (seed 202, run 228, shrunk) once a detach recorded the total the set rounding leaves a
// charge once detached (it ranks after the attached charges for a tie, §7.2). JPY: an owner transfer moved XS1's
// two charges off a fully billed schedule, and XS1/XC1-2 was recorded a unit below its set total while the unit
// went to a charge detached earlier, whose recorded total stays: the set's total lost a unit (decision 2). Fixed: a
// detach records the lower totals only when the charges left attached gain exactly the units the detached ones give
// up (detach.ts, withPoolTotals); the model checks that the set's total is conserved (recordDetachedSet).
describe('life-cycle model counterexamples: a detach conserves the set total', () => {
  it('an owner transfer of two charges records totals that keep the set total (decision 2)', async () => {
    await runScenario(
      parseCounterexample(
        readFileSync(new URL('./counterexamples/owner-transfer-two-charges.txt', import.meta.url), 'utf8'),
      ),
    );
  });
});
