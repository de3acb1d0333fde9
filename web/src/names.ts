// Organizations by slug, read once per page load, for display names and the slug suggestions of form fields.
// A slug the directory does not know is shown as the slug itself.

import { getJson } from './api';
import { h } from './dom';
import type { Organization, Page } from './types';

let directory: Promise<Map<string, Organization>> | null = null;

export function organizations(): Promise<Map<string, Organization>> {
  directory ??= getJson<Page<Organization>>('/api/organizations', { pageSize: 200 })
    .then((page) => new Map(page.items.map((organization) => [organization.slug, organization])))
    .catch(() => {
      directory = null;
      return new Map<string, Organization>();
    });
  return directory;
}

/** Forget the directory (after an analyst registers an organization elsewhere). */
export function refreshOrganizations(): void {
  directory = null;
}

export function nameOf(known: Map<string, Organization>, slug: string): string {
  return known.get(slug)?.name ?? slug;
}

/** A datalist of organization slugs with their names, for slug inputs. */
export function organizationList(id: string, known: Map<string, Organization>): HTMLDataListElement {
  return h('datalist', { id }, [...known.values()].sort((a, b) => a.name.localeCompare(b.name)).map((organization) => h('option', { value: organization.slug }, organization.name)));
}

const people = new Map<string, Promise<string | null>>();

/** A person's name by People id (offers name the person by id), or null when People does not know it. */
export function personName(id: string): Promise<string | null> {
  let name = people.get(id);
  if (!name) {
    name = getJson<{ name: string }>(`/api/people/${encodeURIComponent(id)}`).then((person) => person.name, () => null);
    people.set(id, name);
  }
  return name;
}

export const isId = (text: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
