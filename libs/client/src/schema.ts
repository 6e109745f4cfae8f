/* Generated from openapi.json by `npm run client:generate`: do not edit. */
export interface paths {
    "/api/access/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a sign-in link
         * @description Mail a one-time sign-in link; always 202, whether or not the address bought anything
         */
        post: operations["requestSignInLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/access/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The customer's purchases and readings
         * @description The customer's purchases and readings, with download links once delivered
         */
        get: operations["getCustomerSpace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/access/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a customer session
         * @description Exchange a sign-in link's token for a session (once)
         */
        post: operations["openSession"];
        /**
         * Sign out
         * @description Sign out (this session)
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/access/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign out everywhere
         * @description Sign out everywhere (every session of this address)
         */
        delete: operations["signOutEverywhere"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/crm/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit Dolibarr against orders
         * @description Compare completed and refunded orders with Dolibarr's invoices and credit notes: missing, duplicated, wrong amount, unpaid
         */
        get: operations["auditCrm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/crm/repair": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Repair Dolibarr documents
         * @description Repair what the audit finds for these orders: missing, unvalidated or unpaid documents and duplicate drafts (the rest needs a person)
         */
        post: operations["repairCrm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/crm/resync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push to Dolibarr again
         * @description Push one customer, or one order's invoice and credit notes, to Dolibarr again
         */
        post: operations["resyncCrm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/crm/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dolibarr sync status
         * @description Dolibarr sync: backlog, last push and pull, last error, Dolibarr's clock, notes, and the work not yet done
         */
        get: operations["getCrmStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/deadletters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List dead letters
         * @description List dead letters, oldest first
         */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/deadletters/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a dead letter
         * @description Send a dead letter again to the consumer group it failed for, then remove it
         */
        post: operations["replayDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/experts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List experts
         * @description Experts, active and revoked
         */
        get: operations["listExperts"];
        put?: never;
        /**
         * Create an expert
         * @description Create an expert; the reply holds their credential, shown this once
         */
        post: operations["createExpert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/experts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an expert
         * @description Revoke an expert's credential; the readings they held go back to the queue
         */
        delete: operations["revokeExpert"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notifications
         * @description Notifications with their status and attempts, newest first
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/notifications/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a notification
         * @description Send a dead notification again (once its cause is fixed)
         */
        post: operations["retryNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orders
         * @description List orders, newest first
         */
        get: operations["listOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund an order
         * @description Refund an order through Stripe, in full or in part (Idempotency-Key required; the order changes when Stripe reports the refund)
         */
        post: operations["refundOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync an order with Stripe
         * @description Read an order's payment, refunds and disputes back from Stripe now, and apply what changed
         */
        post: operations["syncOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find users
         * @description Find users (by email), newest first
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List readings
         * @description Readings by status (queued by default), oldest purchase first, a page at a time
         */
        get: operations["listReadings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a reading
         * @description One reading, with preview links to its files
         */
        get: operations["getReading"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim a reading
         * @description Claim a queued reading (one expert at a time; claiming it again is harmless)
         */
        post: operations["claimReading"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings/{id}/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver a reading
         * @description Deliver: refused with the list of what is missing until the level's files are all there
         */
        post: operations["deliverReading"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings/{id}/files/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload a reading file
         * @description Upload a reading's pdf, audio or image: the raw file as the body, streamed; its type is read from its content
         */
        put: operations["uploadReadingFile"];
        post?: never;
        /**
         * Remove a reading file
         * @description Remove a file before delivery
         */
        delete: operations["deleteReadingFile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/expert/readings/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a reading
         * @description Give a claimed reading back to the queue (its files stay)
         */
        post: operations["releaseReading"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{readingId}/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a reading file
         * @description Download a reading file with a signed link (from /api/access/me or the Expert App); honours Range
         */
        get: operations["downloadFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an order
         * @description Read an order with its order token (Authorization: Bearer <orderToken>)
         */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/create-payment-intent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a purchase
         * @description Start a purchase: a free order is completed at once, a paid one gets a PaymentIntent
         */
        post: operations["checkout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the catalog
         * @description The catalog of reading levels
         */
        get: operations["listProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a Stripe event
         * @description Stripe webhook endpoint (raw body, Stripe-Signature header)
         */
        post: operations["receiveStripeEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description An order with what operators need: customer, PaymentIntent, refunds, disputes. */
        AdminOrder: {
            access: {
                /** Format: date-time */
                grantedAt: string;
                level: number;
                /** Format: date-time */
                revokedAt: string | null;
                /** @enum {string} */
                status: "active" | "suspended" | "revoked";
            } | null;
            /** @example 1400 */
            amount: number;
            /** @example 0 */
            amountRefunded: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            currency: components["schemas"]["Currency"];
            /** Format: email */
            customerEmail: string;
            disputes: {
                amount: number;
                id: string;
                reason: string;
                status: string;
                /** Format: date-time */
                updatedAt: string;
            }[];
            failure: {
                code: string;
                declineCode?: string | null;
                message: string;
            } | null;
            id: string;
            /** @example 2 */
            level: number;
            payment: {
                nextAction: {
                    redirectUrl: string | null;
                    type: string;
                } | null;
                status: string;
            } | null;
            paymentIntentId: string | null;
            /** @example intuitive */
            productId: string;
            productName: string;
            refunds: {
                amount: number;
                failureReason: string | null;
                id: string;
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed" | "canceled";
                /** Format: date-time */
                updatedAt: string;
            }[];
            status: components["schemas"]["OrderStatus"];
            userId: string;
        };
        /** @description A page of orders; pass `nextCursor` as `cursor` for the next page. */
        AdminOrderList: {
            nextCursor: string | null;
            orders: components["schemas"]["AdminOrder"][];
        };
        CheckoutReply: components["schemas"]["PaidCheckout"] | components["schemas"]["FreeCheckout"];
        /**
         * @description What the customer buys and where the confirmation goes.
         * @example {
         *       "productId": "intuitive",
         *       "customerEmail": "elise.dupont@example.com",
         *       "customerName": "Élise Dupont",
         *       "locale": "fr"
         *     }
         */
        CheckoutRequest: {
            /**
             * Format: email
             * @example elise.dupont@example.com
             */
            customerEmail: string;
            customerName?: string;
            locale?: components["schemas"]["Locale"];
            /**
             * @description A product id from GET /api/products
             * @example intuitive
             */
            productId: string;
        };
        /** @description `token` is the bearer credential of the Expert App, shown this once (stored hashed). */
        CreatedExpert: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            token: string;
        };
        /**
         * @example {
         *       "email": "camille.martin@example.com",
         *       "name": "Camille Martin"
         *     }
         */
        CreateExpertRequest: {
            /**
             * Format: email
             * @example camille.martin@example.com
             */
            email: string;
            name: string;
        };
        CrmAudit: {
            documents: number;
            findings: {
                documents: {
                    id: number;
                    paid: boolean;
                    ref: string;
                    /** @enum {string} */
                    status: "draft" | "validated" | "paid" | "abandoned";
                    totalCents: number;
                }[];
                expectedCents: number;
                /** @enum {string} */
                fix: "resync" | "person";
                foundCents: number | null;
                /** @enum {string} */
                kind: "invoice" | "credit-note";
                orderId: string;
                /** @enum {string} */
                problem: "missing" | "duplicated" | "amount_mismatch" | "not_validated" | "unpaid";
                refExt: string;
            }[];
            /** Format: date-time */
            from: string;
            orders: number;
            /** Format: date-time */
            to: string;
            truncated: boolean;
        };
        CrmRepairReply: {
            findings: {
                documents: {
                    id: number;
                    paid: boolean;
                    ref: string;
                    /** @enum {string} */
                    status: "draft" | "validated" | "paid" | "abandoned";
                    totalCents: number;
                }[];
                expectedCents: number;
                /** @enum {string} */
                fix: "resync" | "person";
                foundCents: number | null;
                /** @enum {string} */
                kind: "invoice" | "credit-note";
                orderId: string;
                /** @enum {string} */
                problem: "missing" | "duplicated" | "amount_mismatch" | "not_validated" | "unpaid";
                refExt: string;
            }[];
            needsPerson: {
                documents: {
                    id: number;
                    paid: boolean;
                    ref: string;
                    /** @enum {string} */
                    status: "draft" | "validated" | "paid" | "abandoned";
                    totalCents: number;
                }[];
                expectedCents: number;
                /** @enum {string} */
                fix: "resync" | "person";
                foundCents: number | null;
                /** @enum {string} */
                kind: "invoice" | "credit-note";
                orderId: string;
                /** @enum {string} */
                problem: "missing" | "duplicated" | "amount_mismatch" | "not_validated" | "unpaid";
                refExt: string;
            }[];
            rearmed: string[];
            unknown: string[];
        };
        /**
         * @example {
         *       "orderIds": [
         *         "ord_01JDZQ7N0V3R5X8KQW2M4T6Y9B"
         *       ]
         *     }
         */
        CrmRepairRequest: {
            orderIds: string[];
        };
        CrmResyncReply: {
            jobs: string[];
        };
        CrmResyncRequest: {
            userId: string;
        } | {
            orderId: string;
        };
        CrmStatus: {
            backlog: number;
            clock: {
                database: string;
                /** Format: date-time */
                learnedAt: string | null;
                php: string;
                /** @enum {string} */
                source: "config" | "learned";
            } | null;
            dolibarrUrl: string | null;
            enabled: boolean;
            failed: number;
            jobs: {
                attempts: number;
                id: string;
                /** @enum {string} */
                kind: "customer" | "invoice" | "credit-note" | "credit-note-reversal" | "chargeback";
                lastError: string | null;
                /** Format: date-time */
                nextAttemptAt: string | null;
                notes: string[];
                /** @enum {string} */
                status: "pending" | "done" | "failed";
            }[];
            lastError: {
                /** Format: date-time */
                at: string;
                jobId: string | null;
                message: string;
            } | null;
            /** Format: date-time */
            lastPullAt: string | null;
            /** Format: date-time */
            lastPushAt: string | null;
            notes: {
                /** Format: date-time */
                at: string;
                jobId: string;
                message: string;
            }[];
            /** Format: date-time */
            pullCursor: string | null;
        };
        /**
         * @description Lowercase ISO 4217 code
         * @example eur
         */
        Currency: string;
        CustomerReading: {
            /** @example 1400 */
            amount: number;
            currency: components["schemas"]["Currency"];
            /** Format: date-time */
            deliveredAt: string | null;
            files: components["schemas"]["ReadingFile"][];
            level: number;
            orderId: string;
            productId: string;
            productName: string;
            promised: components["schemas"]["Deliverables"];
            /** Format: date-time */
            purchasedAt: string;
            readingId: string;
            revoked: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                reason: "refunded" | "dispute_lost";
            } | null;
            status: components["schemas"]["ReadingStatus"];
            suspended: {
                /** @enum {string} */
                reason: "dispute_open";
                /** Format: date-time */
                since: string;
            } | null;
        };
        CustomerSpace: {
            /** Format: email */
            email: string;
            readings: components["schemas"]["CustomerReading"][];
        };
        DeadLetter: {
            /** Format: date-time */
            deadAt: string;
            deliveries: number;
            durable: string;
            eventId: string | null;
            id: string;
            payload: string;
            reason: string;
            replayable: boolean;
            subject: string;
        };
        DeadLetterList: {
            deadLetters: components["schemas"]["DeadLetter"][];
            nextCursor: string | null;
        };
        DeadLetterReplay: {
            deadLetter: components["schemas"]["DeadLetter"];
            /** @enum {boolean} */
            replayed: true;
        };
        /** @enum {string} */
        DeliverableKind: "pdf" | "audio" | "image";
        /** @description What a level promises, file by file */
        Deliverables: {
            audio?: {
                minutes: number;
            };
            image?: {
                subject: string;
            };
            pdf?: {
                maxPages: number;
                minPages: number;
            };
        };
        /** @description The error body, with the kinds of file still missing. */
        DeliveryRefused: {
            error: {
                code: string;
                message: string;
                missing: components["schemas"]["DeliverableKind"][];
                requestId: string;
            };
        };
        /**
         * @description The one error body of every service and the gateway. `code` is stable (switch on it); `message` is for people; `requestId` is the `x-request-id` of the reply, to quote to support.
         * @example {
         *       "error": {
         *         "code": "NOT_FOUND",
         *         "message": "Order not found",
         *         "requestId": "4f1c2b7e-8a77-4b0e-9a51-2f0d8c6a9e10"
         *       }
         *     }
         */
        ErrorBody: {
            error: {
                code: string;
                message: string;
                requestId: string;
            };
        };
        Expert: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        ExpertList: {
            experts: components["schemas"]["Expert"][];
        };
        ExpertReading: {
            /** Format: date-time */
            claimedAt: string | null;
            claimedBy: string | null;
            customerName: string | null;
            deliverables: components["schemas"]["Deliverables"];
            /** Format: date-time */
            deliveredAt: string | null;
            files: components["schemas"]["ReadingFile"][];
            id: string;
            level: number;
            locale: components["schemas"]["Locale"];
            missing: components["schemas"]["DeliverableKind"][];
            orderId: string;
            productId: string;
            productName: string;
            /** Format: date-time */
            queuedAt: string;
            status: components["schemas"]["ReadingStatus"];
        };
        ExpertReadingList: {
            nextCursor: string | null;
            readings: components["schemas"]["ExpertReading"][];
        };
        /** @description A free level: the order is completed at once. */
        FreeCheckout: {
            orderId: string;
            orderToken: string;
            /** @enum {string} */
            status: "completed";
        };
        /**
         * @description The customer's language, for mails
         * @enum {string}
         */
        Locale: "fr" | "en";
        Notification: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "order.completed" | "order.failed" | "order.refunded" | "order.refund_failed" | "fulfilment.reading.delivered" | "fulfilment.sign-in.requested";
            lastError: string | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            orderId: string | null;
            providerMessageId: string | null;
            /** Format: date-time */
            sentAt: string | null;
            /** @enum {string} */
            status: "pending" | "sent" | "failed" | "dead";
        };
        NotificationList: {
            notifications: components["schemas"]["Notification"][];
        };
        NotificationRetry: {
            id: string;
            /** @enum {string} */
            status: "pending";
        };
        /** @description An order as its customer sees it; amounts in minor units. */
        Order: {
            access: {
                /** Format: date-time */
                grantedAt: string;
                level: number;
                /** Format: date-time */
                revokedAt: string | null;
                /** @enum {string} */
                status: "active" | "suspended" | "revoked";
            } | null;
            /** @example 1400 */
            amount: number;
            /** @example 0 */
            amountRefunded: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            currency: components["schemas"]["Currency"];
            failure: {
                code: string;
                declineCode?: string | null;
                message: string;
            } | null;
            id: string;
            /** @example 2 */
            level: number;
            payment: {
                nextAction: {
                    redirectUrl: string | null;
                    type: string;
                } | null;
                status: string;
            } | null;
            /** @example intuitive */
            productId: string;
            productName: string;
            status: components["schemas"]["OrderStatus"];
        };
        /** @enum {string} */
        OrderStatus: "pending" | "completed" | "failed" | "canceled" | "refunded";
        /** @description Hand `clientSecret` to Stripe.js (`confirmPayment`); keep `orderToken` to read the order. */
        PaidCheckout: {
            /** @example 1400 */
            amount: number;
            /** @example pi_5oZItqrFDT6DRWUFYLsaQ0nR_secret_33d0e298130da7bb3d88bec5 */
            clientSecret: string;
            currency: components["schemas"]["Currency"];
            /** @example ord_0mx5elcp3247aa2f36c838921 */
            orderId: string;
            orderToken: string;
            /** @example pi_5oZItqrFDT6DRWUFYLsaQ0nR */
            paymentIntentId: string;
            /** @example Intuitive */
            productName: string;
        };
        /** @description A reading level on sale. `amount` is in minor units (cents); `free` when it is 0. */
        Product: {
            /** @example 1400 */
            amount: number;
            currency: components["schemas"]["Currency"];
            deliverables?: components["schemas"]["Deliverables"];
            /** @example Profil âme + PDF 4p + audio 5min */
            description: string;
            free: boolean;
            /** @example intuitive */
            id: string;
            /** @example 2 */
            level: number;
            /** @example Intuitive */
            name: string;
        };
        ProductList: {
            products: components["schemas"]["Product"][];
        };
        ReadingFile: {
            contentType: string;
            durationSeconds: number | null;
            /** Format: date-time */
            expiresAt: string;
            fileName: string;
            kind: components["schemas"]["DeliverableKind"];
            size: number;
            /** Format: date-time */
            uploadedAt: string;
            url: string;
        };
        /** @enum {string} */
        ReadingStatus: "queued" | "in_progress" | "delivered" | "suspended" | "revoked";
        RefundAccepted: {
            /** @example 1400 */
            amount: number;
            orderId: string;
            refundId: string;
            status: string;
        };
        /** @description Send `sessionToken` as `Authorization: Bearer …` to the customer space. */
        Session: {
            /** Format: date-time */
            expiresAt: string;
            sessionToken: string;
        };
        /** @description The token of the mailed sign-in link (after `#token=`). */
        SessionRequest: {
            token: string;
        };
        SignInAccepted: {
            /** @enum {boolean} */
            accepted: true;
        };
        /**
         * @example {
         *       "email": "elise.dupont@example.com",
         *       "locale": "fr"
         *     }
         */
        SignInRequest: {
            /**
             * Format: email
             * @example elise.dupont@example.com
             */
            email: string;
            locale?: components["schemas"]["Locale"];
        };
        User: {
            /** Format: date-time */
            createdAt: string;
            dolibarrCustomerId: number | null;
            /** Format: email */
            email: string;
            id: string;
            /** Format: date-time */
            lastOrderAt: string | null;
            locale: components["schemas"]["Locale"];
            name: string | null;
            phone: string | null;
            stripeCustomerId: string | null;
            /** @enum {string} */
            subscriptionStatus: "active" | "inactive" | "trial";
            totalOrders: number;
        };
        UserList: {
            users: components["schemas"]["User"][];
        };
        WebhookReceipt: {
            duplicate: boolean;
            /** @enum {boolean} */
            received: true;
        };
    };
    responses: {
        /** @description A provider (Stripe, a service) failed */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Malformed request or a field fails validation */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A service did not answer in time */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Request body larger than the limit */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Unexpected failure (no internals are shown) */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Too many requests from this address in the window (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS) */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Missing or invalid credentials */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Temporarily unavailable: retry later */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Requests allowed per window */
        RateLimitLimit: number;
        /** @description Requests left in this window */
        RateLimitRemaining: number;
        /** @description Seconds until the window resets */
        RateLimitReset: number;
        /** @description Seconds to wait before retrying */
        RetryAfter: number;
    };
    pathItems: never;
}
export type SchemaAdminOrder = components['schemas']['AdminOrder'];
export type SchemaAdminOrderList = components['schemas']['AdminOrderList'];
export type SchemaCheckoutReply = components['schemas']['CheckoutReply'];
export type SchemaCheckoutRequest = components['schemas']['CheckoutRequest'];
export type SchemaCreatedExpert = components['schemas']['CreatedExpert'];
export type SchemaCreateExpertRequest = components['schemas']['CreateExpertRequest'];
export type SchemaCrmAudit = components['schemas']['CrmAudit'];
export type SchemaCrmRepairReply = components['schemas']['CrmRepairReply'];
export type SchemaCrmRepairRequest = components['schemas']['CrmRepairRequest'];
export type SchemaCrmResyncReply = components['schemas']['CrmResyncReply'];
export type SchemaCrmResyncRequest = components['schemas']['CrmResyncRequest'];
export type SchemaCrmStatus = components['schemas']['CrmStatus'];
export type SchemaCurrency = components['schemas']['Currency'];
export type SchemaCustomerReading = components['schemas']['CustomerReading'];
export type SchemaCustomerSpace = components['schemas']['CustomerSpace'];
export type SchemaDeadLetter = components['schemas']['DeadLetter'];
export type SchemaDeadLetterList = components['schemas']['DeadLetterList'];
export type SchemaDeadLetterReplay = components['schemas']['DeadLetterReplay'];
export type SchemaDeliverableKind = components['schemas']['DeliverableKind'];
export type SchemaDeliverables = components['schemas']['Deliverables'];
export type SchemaDeliveryRefused = components['schemas']['DeliveryRefused'];
export type SchemaErrorBody = components['schemas']['ErrorBody'];
export type SchemaExpert = components['schemas']['Expert'];
export type SchemaExpertList = components['schemas']['ExpertList'];
export type SchemaExpertReading = components['schemas']['ExpertReading'];
export type SchemaExpertReadingList = components['schemas']['ExpertReadingList'];
export type SchemaFreeCheckout = components['schemas']['FreeCheckout'];
export type SchemaLocale = components['schemas']['Locale'];
export type SchemaNotification = components['schemas']['Notification'];
export type SchemaNotificationList = components['schemas']['NotificationList'];
export type SchemaNotificationRetry = components['schemas']['NotificationRetry'];
export type SchemaOrder = components['schemas']['Order'];
export type SchemaOrderStatus = components['schemas']['OrderStatus'];
export type SchemaPaidCheckout = components['schemas']['PaidCheckout'];
export type SchemaProduct = components['schemas']['Product'];
export type SchemaProductList = components['schemas']['ProductList'];
export type SchemaReadingFile = components['schemas']['ReadingFile'];
export type SchemaReadingStatus = components['schemas']['ReadingStatus'];
export type SchemaRefundAccepted = components['schemas']['RefundAccepted'];
export type SchemaSession = components['schemas']['Session'];
export type SchemaSessionRequest = components['schemas']['SessionRequest'];
export type SchemaSignInAccepted = components['schemas']['SignInAccepted'];
export type SchemaSignInRequest = components['schemas']['SignInRequest'];
export type SchemaUser = components['schemas']['User'];
export type SchemaUserList = components['schemas']['UserList'];
export type SchemaWebhookReceipt = components['schemas']['WebhookReceipt'];
export type ResponseBadGateway = components['responses']['BadGateway'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseGatewayTimeout = components['responses']['GatewayTimeout'];
export type ResponsePayloadTooLarge = components['responses']['PayloadTooLarge'];
export type ResponseServerError = components['responses']['ServerError'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseUnavailable = components['responses']['Unavailable'];
export type HeaderRateLimitLimit = components['headers']['RateLimitLimit'];
export type HeaderRateLimitRemaining = components['headers']['RateLimitRemaining'];
export type HeaderRateLimitReset = components['headers']['RateLimitReset'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    requestSignInLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignInRequest"];
            };
        };
        responses: {
            /** @description Accepted: the work continues in the background */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInAccepted"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description Too many requests */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCustomerSpace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerSpace"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    openSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": null;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    signOutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": null;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    auditCrm: {
        parameters: {
            query?: {
                from?: string;
                limit?: number;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CrmAudit"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    repairCrm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CrmRepairRequest"];
            };
        };
        responses: {
            /** @description Accepted: the work continues in the background */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CrmRepairReply"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    resyncCrm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CrmResyncRequest"];
            };
        };
        responses: {
            /** @description Accepted: the work continues in the background */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CrmResyncReply"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCrmStatus: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CrmStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                cursor?: string;
                durable?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterList"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterReplay"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listExperts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertList"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    createExpert: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateExpertRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedExpert"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    revokeExpert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Expert"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                limit?: number;
                orderId?: string;
                status?: "pending" | "sent" | "failed" | "dead";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    retryNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: the work continues in the background */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationRetry"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrders: {
        parameters: {
            query?: {
                cursor?: string;
                email?: string;
                limit?: number;
                status?: components["schemas"]["OrderStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrderList"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    refundOrder: {
        parameters: {
            query?: never;
            header: {
                /** @description Required: a retried refund (a timeout, a double click) refunds once */
                "idempotency-key": string;
            };
            path: {
                /** @description The orderId from the checkout */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount?: number;
                    /** @enum {string} */
                    reason?: "duplicate" | "fraudulent" | "requested_by_customer";
                };
            };
        };
        responses: {
            /** @description Accepted: the work continues in the background */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundAccepted"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            /** @description A provider (Stripe, a service) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    syncOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The orderId from the checkout */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrder"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            /** @description A provider (Stripe, a service) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                email?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listReadings: {
        parameters: {
            query?: {
                cursor?: string;
                level?: number;
                limit?: number;
                mine?: "true" | "false";
                status?: components["schemas"]["ReadingStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReadingList"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getReading: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    claimReading: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    deliverReading: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not allowed for this caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryRefused"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    uploadReadingFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                kind: components["schemas"]["DeliverableKind"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not allowed for this caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Request body larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    deleteReadingFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                kind: components["schemas"]["DeliverableKind"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not allowed for this caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    releaseReading: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertReading"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not allowed for this caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    downloadFile: {
        parameters: {
            query: {
                expires: number;
                signature: string;
            };
            header?: never;
            path: {
                fileId: string;
                readingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The range asked (Range header) */
            206: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not allowed for this caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Gone for good */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Range not satisfiable */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The orderId from the checkout */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description Not found (or not yours: existence does not leak) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    checkout: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry answer the first attempt instead of starting another purchase: one fresh key (a UUID) per purchase attempt */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutReply"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description Understood but refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["ServerError"];
            /** @description A provider (Stripe, a service) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listProducts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            /** @description Unexpected failure (no internals are shown) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    receiveStripeEvent: {
        parameters: {
            query?: never;
            header?: {
                "stripe-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed request or a field fails validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            /** @description Temporarily unavailable: retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: components["responses"]["GatewayTimeout"];
        };
    };
}
