/** Moved to lib/domain/case-filters.ts (universal domain code); kept as a re-export for components. */
export { filterQuery, parseCaseFilters, type CaseFilters } from '@/lib/domain/case-filters';
