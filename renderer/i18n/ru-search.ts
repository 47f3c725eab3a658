// Русские строки для первого прохода поискового индекса (полоса хода под строкой поиска). Та же структура, что у en-search.ts.
import type { enSearch } from './en-search.ts';

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const ruSearch: Shape<typeof enSearch> = {
  searchIndex: {
    preparing: 'Готовим поиск по имени пользователя и адресу (расшифровка только на этом устройстве)',
  },
};
