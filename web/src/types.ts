// The answers the app reads, by the fields the README documents. Fields an answer may drop or move behind a
// paged link (the facts behind a figure) are optional, and every page works without them.

export interface Page<T> {
  items: T[];
  pageNumber: number;
  pageSize: number;
  totalItems: number;
  nextPage: string | null;
}

export interface Source {
  publisher: string;
  url: string | null;
  publishedOn: string;
  attribution: string;
  status: string;
}

/** A figure and its US dollar value, with the rate, the rate's date and its source (no rate: usd is null). */
export interface UsdFigure {
  amount: number;
  currency: string;
  usd: number | null;
  rate: number | null;
  rateOn: string | null;
  rateSource: string | null;
}

export interface HeatWeek {
  week: string;
  starts: string;
  deals: number;
  moves: number;
  people: BoundedCount;
  offers: number;
}

export interface MarketHeat {
  weeks: number;
  from: string;
  to: string;
  items: HeatWeek[];
}

export interface LeagueTableFact {
  dealId: string;
  acquirer: string;
  target: string;
  type: string;
  status: string;
  announcedOn: string | null;
  value: UsdFigure | null;
  claimStatus: string | null;
}

export interface LeagueTableRow {
  acquirer: string;
  dealCount: number;
  totalValueUsd: number;
  dealsWithoutUsdValue: number;
  countsByType: Record<string, number>;
  facts?: LeagueTableFact[] | string;
}

export interface LeagueTable {
  asOf: string | null;
  from: string | null;
  to: string | null;
  rolledUp: boolean;
  items: LeagueTableRow[];
}

export interface TermClaim {
  claimId: string;
  term: 'value' | 'stake' | string;
  value: { amount: number; currency: string } | null;
  stakePercent: number | null;
  source: Source | null;
  recordedAt: string;
}

/** value ÷ stake for one pair of a value claim and a stake claim; as sure as the weaker of the two. */
export interface ImpliedValue {
  value: { amount: number; currency: string };
  claimStatus: string;
  fromValue: { claimId: string; value: { amount: number; currency: string }; claimStatus: string; source: Source | null };
  fromStake: { claimId: string; percent: number; claimStatus: string; source: Source | null };
}

export interface ImpliedValuation {
  rule: string;
  current: ImpliedValue | null;
  pairs: ImpliedValue[];
}

export interface Deal {
  id: string;
  type: string;
  acquirer: string;
  target: string;
  status: string;
  announcedOn: string | null;
  closedOn: string | null;
  cancelledOn: string | null;
  cancellationReason: string | null;
  value: { amount: number; currency: string; claimStatus: string; claimId: string } | null;
  stake: { percent: number; claimStatus: string; claimId: string } | null;
  impliedValuation: ImpliedValuation | null;
  claims: TermClaim[];
  talent: { talentId: string; personId: string | null; name: string | null; role: string; recordedAt: string }[];
  recordedAt: string;
  updatedAt: string;
  version: number;
}

export interface DealHistory {
  dealId: string;
  items: { version: number; event: string; recordedAt: string; sources: Source[]; data: Record<string, unknown> }[];
}

/** How far a count can be trusted: a group reported as "twenty-plus" counts 20, at least; a net inherits its sides' bounds. */
export type Bound = 'exact' | 'at-least' | 'at-most' | 'unbounded';

export interface BoundedCount {
  value: number;
  bound: Bound;
}

export interface Counterparty {
  organization: string;
  inflow: BoundedCount;
  outflow: BoundedCount;
  net: BoundedCount;
}

export interface MoveView {
  id: string;
  personId: string | null;
  personName: string | null;
  count: number;
  countIsMinimum: boolean;
  from: string;
  to: string;
  on: string;
  onPrecision: string;
  claimStatus: string;
  attribution: string;
  publisher: string;
}

export interface TalentFlows {
  organization: string;
  rolledUp: boolean;
  from: string | null;
  to: string | null;
  inflow: BoundedCount;
  outflow: BoundedCount;
  net: BoundedCount;
  counterparties: Counterparty[];
  moves?: MoveView[] | string;
  /** Every move in or out, a page at a time. */
  facts?: string;
}

/** A page of the facts behind a figure; <c>nextPage</c> links the next one. */
export interface FactsPage<T> {
  items: T[];
  page: number;
  pageSize: number;
  nextPage: string | null;
}

export interface PercentileSet {
  n: number;
  p10: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
}

export interface Band {
  factId: string;
  component: string;
  period: string;
  min: UsdFigure;
  max: UsdFigure;
  annualisation: string;
  claimStatus: string;
  publisher: string | null;
}

export interface ReportedStatistic {
  factId: string;
  kind: string;
  component: string;
  sampleSize: number | null;
  value: UsdFigure;
  annualisation: string;
  claimStatus: string;
  publisher: string | null;
}

/** A benchmark cell as Insights publishes it: a suppressed cell (suppression 'primary') has no n, counts or figures, only suppressedBy. */
export interface BenchmarkCell {
  level: string | null;
  country: string | null;
  n: number | null;
  suppression: 'none' | 'primary';
  /** The privacy rule the cell waits on; null when it is published. */
  suppressedBy: string | null;
  measures: Record<string, PercentileSet | null>;
  /** Why each measure that is null in a published cell is not published. */
  measuresSuppressedBy: Record<string, string>;
  marketRows: number | null;
  tenantRows: number | null;
  excludedUnconverted: number | null;
  bands: Band[];
  reportedStatistics: ReportedStatistic[];
  bandCount?: number;
  reportedStatisticCount?: number;
  facts?: string;
}

export interface Benchmarks {
  role: string;
  level: string | null;
  country: string | null;
  asOf: string | null;
  k: number;
  method: string;
  rules: string;
  cells: BenchmarkCell[];
  total: BenchmarkCell;
}

export interface ModelCost {
  model: string;
  organization: string;
  year: number;
  cost: UsdFigure;
  claimStatus: string;
  source: Source;
  competingClaims: number;
  ratioToBaseline: number | null;
}

export interface TalentPrice {
  kind: string;
  id: string;
  organization: string;
  counterparty: string;
  amount: UsdFigure;
  upTo: boolean;
  annualised: { perYear: number; years: number; rule: string } | null;
  claimStatus: string;
  publisher: string;
  ratios: { model: string; value: number }[];
  yearsOfReferencePay: number | null;
}

export interface TalentVsCompute {
  baseline: string | null;
  models: ModelCost[];
  referencePay: { role: string; level: string; country: string; annualBase: UsdFigure; factId: string; claimStatus: string; publisher: string | null } | null;
  items: TalentPrice[];
}

export interface Organization {
  slug: string;
  name: string;
  kind: string;
  aliases: string[];
  parent: string | null;
}

export interface ImportView {
  id: string;
  kind: string;
  mode: string;
  modeMeans: string;
  format: string;
  state: 'receiving' | 'applying' | 'completed' | 'failed' | string;
  chunkRows: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsApplied: number;
  bytesRead: number;
  bytesTotal: number | null;
  rowsPerSecond: number;
  etaSeconds: number | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  failure: string | null;
  rejectedRows: Page<{ line: number; field: string; reason: string }>;
}
