/** The matters' workbooks: the ledger (台账), the import template and the import. */
import { filterQuery, type MatterFilters } from '../matterFilters';
import { download, uploadFile } from './client';
import type { MatterImportResult } from './types';

/** Saves the ledger of the matters the filters match (those of the filters it knows). */
export const downloadLedger = (filters: MatterFilters) => download(`/api/matters/ledger.xlsx?${filterQuery(filters)}`, 'ledger.xlsx');

export const downloadMatterTemplate = () => download('/api/matters/template.xlsx', 'matters-template.xlsx');

/** Registers the workbook's matters, all or none; as drafts, or distributed at once. */
export const importMatters = (file: File, drafts: boolean) => uploadFile<MatterImportResult>(`/api/matters/import?draft=${drafts}`, file);
