package io.gio.spf.tenancy;

import java.util.List;

/**
 * One page of the administrator's subscription list, as WAP's admin API returns it:
 * {@code {items, filteredTotalCount, totalCount}}.
 */
public record SubscriptionPage(List<Subscription> items, long filteredTotalCount, long totalCount) {

    public SubscriptionPage {
        items = List.copyOf(items);
    }
}
